package dev.floe.worker;

import dev.floe.error.StorageException;
import dev.floe.workflows.GenerateRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Time generate, featurize, calibrate and register through Floe against the bare DuckDB"
          + " statements",
      "that compute the same thing without Iceberg, and the same pipeline as a Temporal workflow on"
          + " an",
      "embedded server, in a fresh temporary data directory (deleted afterwards unless --keep)."
          + " Checks",
      "that every side produced identical rows. Then, unless --no-serving, the serving rows on the",
      "same store: a point-in-time training set of --labels label rows through Floe against the bare",
      "ASOF statement, online lookups in process, and commit-to-online freshness. Ignores --data-dir."
    })
final class BenchCommand implements Callable<Integer> {
  @ParentCommand private Main floe;

  @Option(
      names = "--events",
      defaultValue = "10000000",
      description = "Events (default: ${DEFAULT-VALUE}).")
  private long events;

  @Option(
      names = "--users",
      defaultValue = "100000",
      description = "Users (default: ${DEFAULT-VALUE}).")
  private int users;

  @Option(
      names = "--days",
      defaultValue = "90",
      description = "Days in the window (default: ${DEFAULT-VALUE}).")
  private int days;

  @Option(
      names = "--end-date",
      paramLabel = "DATE",
      description = "Last day of the window (default: today, UTC).")
  private LocalDate endDate;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description =
          "Where the temporary data directory is made (default: the system's temporary directory).")
  private Path workDir;

  @Option(
      names = "--labels",
      paramLabel = "N",
      description = "Label rows of the training-set row (default: as many as --events).")
  private Long labels;

  @Option(
      names = "--no-serving",
      description = "Skip the serving rows (training set, online lookups, freshness): the pipeline only.")
  private boolean noServing;

  @Option(
      names = "--keep",
      description = "Keep the data directory (Floe's tables and the bare Parquet files).")
  private boolean keep;

  @Override
  public Integer call() {
    GenerateRequest request =
        new GenerateRequest(
            users,
            events,
            days,
            endDate != null ? endDate : LocalDate.now(ZoneOffset.UTC),
            seed,
            1,
            List.of());
    Path directory = createBenchDirectory();
    boolean delete = !keep;
    try {
      PipelineBenchmark benchmark = new PipelineBenchmark(request);
      if (!noServing) {
        benchmark = benchmark.withServingRows(labels != null ? labels : events);
      }
      BenchReport report = benchmark.run(directory);
      if (!report.outputsIdentical()) {
        delete = false;
        throw new IllegalStateException(
            "Floe and the bare statements produced different outputs, so the timings compare"
                + " nothing: "
                + report.checks().stream()
                    .filter(check -> !check.identical())
                    .map(BenchCommand::describe)
                    .collect(Collectors.joining("; "))
                + " (data kept in "
                + directory
                + ")");
      }
      floe.output().print(report, printed -> summary(printed, keep));
      return ExitCode.OK.code();
    } finally {
      if (delete) {
        deleteRecursively(directory);
      }
    }
  }

  private Path createBenchDirectory() {
    Path parent = workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir"));
    try {
      Files.createDirectories(parent);
      return Files.createTempDirectory(parent, "floe-bench-");
    } catch (IOException e) {
      throw new StorageException(
          "Cannot create a benchmark directory in " + parent + ": " + e.getMessage(), e);
    }
  }

  private static void deleteRecursively(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(BenchCommand::delete);
    } catch (IOException | UncheckedIOException e) {
      throw new StorageException(
          "Cannot delete benchmark directory " + directory + ": " + e.getMessage(), e);
    }
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

  /** The table a person reads: one line per step, the pipeline total, the targets. */
  static String summary(BenchReport report, boolean kept) {
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
    BenchReport.Freshness freshness = serving.freshness();
    text.append(
        String.format(
            Locale.ROOT,
            "%-13s commit to online, polling every %d ms: median %d ms, max %d ms over %d commits"
                + " (%s ms); first materialize %.2f s%n",
            "freshness",
            freshness.pollMillis(),
            freshness.medianMillis(),
            freshness.maxMillis(),
            freshness.millis().size(),
            freshness.millis().stream().map(String::valueOf).collect(Collectors.joining(", ")),
            freshness.materializeSeconds()));
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
}
