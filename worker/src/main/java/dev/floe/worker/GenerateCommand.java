package dev.floe.worker;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.generate.AnomalySpecs;
import dev.floe.generate.EventGenerator;
import dev.floe.workflows.AnomalyOutcome;
import dev.floe.workflows.AnomalySpec;
import dev.floe.workflows.GenerateRequest;
import dev.floe.workflows.GenerateResult;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Append synthetic transactions to raw_events, with optional injected anomalies.")
final class GenerateCommand implements Callable<Integer> {
  @ParentCommand private Main floe;

  @Option(
      names = "--users",
      defaultValue = "1000",
      description = "Users, ids 0..N-1 (default: ${DEFAULT-VALUE}).")
  private int users;

  @Option(
      names = "--events",
      defaultValue = "100000",
      description = "Events (default: ${DEFAULT-VALUE}).")
  private long events;

  @Option(
      names = "--days",
      defaultValue = "30",
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
      names = "--batches",
      defaultValue = "1",
      description = "Commit in this many raw_events snapshots (default: ${DEFAULT-VALUE}).")
  private int batches;

  @Option(
      names = "--anomaly-file",
      paramLabel = "FILE",
      description = "Anomaly specs (JSON array or JSON lines); repeatable.")
  private List<Path> anomalyFiles = new ArrayList<>();

  @Override
  public Integer call() {
    GenerateRequest request =
        new GenerateRequest(
            users,
            events,
            days,
            endDate != null ? endDate : LocalDate.now(ZoneOffset.UTC),
            seed,
            batches,
            readAnomalies(anomalyFiles));
    try (FloeCatalog catalog = floe.openCatalog()) {
      GenerateResult result = generate(catalog, request, CommitLineage.direct("generate"));
      floe.output().print(result, GenerateCommand::summary);
    }
    return ExitCode.OK.code();
  }

  static GenerateResult generate(
      FloeCatalog catalog, GenerateRequest request, CommitLineage lineage) {
    return new EventGenerator(catalog).generate(request, lineage);
  }

  /** Every file's specs, in order; a bad file fails before anything is generated. */
  static List<AnomalySpec> readAnomalies(List<Path> files) {
    List<AnomalySpec> specs = new ArrayList<>();
    for (Path file : files) {
      specs.addAll(AnomalySpecs.read(Main.existingFile(file, "anomaly file")));
    }
    return specs;
  }

  static String summary(GenerateResult result) {
    StringBuilder text =
        new StringBuilder(
            String.format(
                "Generated %,d events into %s (snapshot %d).%n",
                result.rows(), result.table(), result.snapshotId()));
    if (result.batchSnapshotIds().size() > 1) {
      text.append(
          String.format(
              "Committed in %d batches: %s%n",
              result.batchSnapshotIds().size(), result.batchSnapshotIds()));
    }
    for (AnomalyOutcome anomaly : result.anomalies()) {
      text.append(anomalyLine(anomaly)).append(System.lineSeparator());
    }
    return text.toString();
  }

  static String anomalyLine(AnomalyOutcome anomaly) {
    String what =
        anomaly.added() > 0
            ? String.format("added %d event(s) (the user had none that day)", anomaly.added())
            : String.format(
                "multiplied %d of %d amount(s)", anomaly.multiplied(), anomaly.eventsThatDay());
    return String.format(
        "Anomaly: user %d on %s (day %d): %s x%s",
        anomaly.userId(), anomaly.date(), anomaly.day(), what, anomaly.multiplier());
  }
}
