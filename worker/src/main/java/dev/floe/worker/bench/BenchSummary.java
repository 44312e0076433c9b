package dev.floe.worker.bench;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** {@code floe bench --pretty}: the report as the table a person reads. */
public final class BenchSummary {
  private BenchSummary() {}

  /** The table a person reads: one line per step, the pipeline total, the targets. */
  public static String text(BenchReport report, boolean kept) {
    BenchReport.Size size = report.size();
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            "floe bench: %,d events, %,d users, %d days ending %s, seed %d%n",
            size.events(),
            size.users(),
            size.days(),
            size.endDate(),
            size.seed()));
    BenchReport.Machine machine = report.machine();
    text.append(
        String.format(
            Locale.ROOT,
            "machine: %d CPUs, %s MiB, %s, DuckDB %s; load average %s before, %s after%n%n",
            machine.cpus(),
            machine.memoryMb() == null
                ? "?"
                : String.format(Locale.ROOT, "%,d", machine.memoryMb()),
            machine.java(),
            machine.duckdb(),
            loads(report.loadAverageBefore()),
            loads(report.loadAverageAfter())));
    String rss =
        BenchReport.SCOPE_STEP.equals(report.peakRssScope())
            ? "peak RSS MiB (step)"
            : "peak RSS MiB (cumulative)";
    text.append(
        String.format(
            Locale.ROOT,
            "%-13s %9s %9s %7s   %s Floe / bare%n",
            "step",
            "Floe s",
            "bare s",
            "ratio",
            rss));
    for (BenchReport.Step step : report.steps()) {
      text.append(
          String.format(
              Locale.ROOT,
              "%-13s %9.2f %9s %7s   %s / %s%n",
              step.step(),
              step.floeSeconds(),
              step.bareSeconds() == null
                  ? "-"
                  : String.format(Locale.ROOT, "%.2f", step.bareSeconds()),
              step.ratio() == null ? "-" : String.format(Locale.ROOT, "%.2fx", step.ratio()),
              orDash(step.floePeakRssMb()),
              orDash(step.barePeakRssMb())));
    }
    BenchReport.Totals pipeline = report.pipeline();
    text.append(
        String.format(
            Locale.ROOT,
            "%-13s %9.2f %9.2f %7s   %s (highest)%n",
            "pipeline",
            pipeline.floeSeconds(),
            pipeline.bareSeconds(),
            String.format(Locale.ROOT, "%.2fx", pipeline.ratio()),
            orDash(report.peakRssMb())));
    BenchReport.OrchestratedRun orchestrated = report.orchestrated();
    text.append(
        String.format(
            Locale.ROOT,
            "%-13s %9.2f %9s %7s   %s   (Temporal workflow against direct Floe %.2f s: %+.2f s;"
                + " starting server and worker %.2f s more)%n"
                + "%-13s Temporal's own cost in that run: %.0f ms over %.2f s in its steps; the first"
                + " run in this process added %.0f ms%n",
            "orchestrated",
            orchestrated.seconds(),
            "-",
            String.format(Locale.ROOT, "%.2fx", orchestrated.ratio()),
            orDash(orchestrated.peakRssMb()),
            orchestrated.directSeconds(),
            orchestrated.seconds() - orchestrated.directSeconds(),
            orchestrated.setupSeconds(),
            "",
            orchestrated.overheadMillis(),
            orchestrated.stepSeconds(),
            orchestrated.firstRunOverheadMillis()));
    if (report.serving() != null) {
      serving(text, report.serving());
    }
    text.append(System.lineSeparator());
    for (BenchReport.Target target : report.targets()) {
      Boolean met = target.met();
      text.append(
          String.format(
              Locale.ROOT,
              "target %-22s %s %-6s actual %-8s %s%n",
              target.name(),
              target.comparison(),
              trim(target.limit()),
              target.actual() == null ? "?" : trim(target.actual()),
              met == null ? "unknown" : met ? "met" : "MISSED"));
    }
    text.append(
        String.format(
            Locale.ROOT,
            "outputs identical: %s%n",
            report.checks().stream()
                .map(
                    check ->
                        String.format(
                            Locale.ROOT, "%s (%,d rows)", check.output(), check.floeRows()))
                .collect(Collectors.joining(", "))));
    if (kept) {
      text.append("data kept in ").append(report.dataDir()).append(System.lineSeparator());
    }
    return text.toString();
  }

  /** The serving rows under the pipeline's, the training set in the same columns as a step. */
  private static void serving(StringBuilder text, BenchReport.Serving serving) {
    BenchReport.TrainingSetRun trainingSet = serving.trainingSet();
    text.append(
        String.format(
            Locale.ROOT,
            "%-13s %9.2f %9.2f %7s   %s / %s   (%,d label rows, %,.0f rows/s through Floe; %,d with"
                + " features)%n",
            ServingBenchmark.TRAINING_SET,
            trainingSet.floeSeconds(),
            trainingSet.bareSeconds(),
            String.format(Locale.ROOT, "%.2fx", trainingSet.ratio()),
            orDash(trainingSet.floePeakRssMb()),
            orDash(trainingSet.barePeakRssMb()),
            trainingSet.labels(),
            trainingSet.labelRowsPerSecond(),
            trainingSet.rowsWithFeatures()));
    text.append(
        String.format(
            Locale.ROOT,
            "%-13s %9.2f %9.2f %7s   (against the bare ASOF join)%n",
            "",
            trainingSet.floeSeconds(),
            trainingSet.bareAsofSeconds(),
            String.format(Locale.ROOT, "%.2fx", trainingSet.asofRatio())));
    text.append(
        String.format(
            Locale.ROOT,
            "%-13s in process, embedded store: %s%n",
            "online",
            serving.lookups().stream()
                .map(
                    lookup ->
                        String.format(
                            Locale.ROOT,
                            "%d user%s p50 %.3f ms p99 %.3f ms",
                            lookup.users(),
                            lookup.users() == 1 ? "" : "s",
                            lookup.p50Millis(),
                            lookup.p99Millis()))
                .collect(Collectors.joining("; "))));
    text.append(freshness("freshness", serving.freshness()));
    if (serving.redisFreshness() != null) {
      text.append(freshness("  redis", serving.redisFreshness()));
    } else {
      text.append(String.format(Locale.ROOT, "%-13s not measured: %s%n", "  redis", serving.redisSkipped()));
    }
  }

  private static String freshness(String label, BenchReport.Freshness freshness) {
    return String.format(
        Locale.ROOT,
        "%-13s commit to online, polling every %d ms: median %d ms, max %d ms over %d commits"
            + " (%s ms); first materialize %.2f s%n",
        label,
        freshness.pollMillis(),
        freshness.medianMillis(),
        freshness.maxMillis(),
        freshness.millis().size(),
        freshness.millis().stream().map(String::valueOf).collect(Collectors.joining(", ")),
        freshness.materializeSeconds());
  }

  private static String loads(List<Double> loads) {
    return loads.isEmpty()
        ? "?"
        : loads.stream()
            .map(load -> String.format(Locale.ROOT, "%.2f", load))
            .collect(Collectors.joining(" "));
  }

  private static String orDash(Long value) {
    return value == null ? "-" : value.toString();
  }

  private static String trim(double value) {
    return value == Math.rint(value)
        ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.2f", value);
  }

  /** One line per output pair that differs, for the error that refuses to print the timings. */
  public static String differences(BenchReport report) {
    return report.checks().stream()
        .filter(check -> !check.identical())
        .map(BenchSummary::describe)
        .collect(Collectors.joining("; "));
  }

  private static String describe(BenchReport.OutputCheck check) {
    return String.format(
        Locale.ROOT,
        "%s: Floe %d rows (%s), compared %d rows (%s)",
        check.output(),
        check.floeRows(),
        check.floeFingerprint(),
        check.comparedRows(),
        check.comparedFingerprint());
  }
}
