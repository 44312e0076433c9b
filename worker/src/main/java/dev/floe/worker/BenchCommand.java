package dev.floe.worker;

import dev.floe.worker.bench.BenchDirectory;
import dev.floe.worker.bench.BenchReport;
import dev.floe.worker.bench.BenchSummary;
import dev.floe.worker.bench.PipelineBenchmark;
import dev.floe.workflows.GenerateRequest;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
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
    Path directory = BenchDirectory.create(workDir);
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
                + BenchSummary.differences(report)
                + " (data kept in "
                + directory
                + ")");
      }
      floe.output().print(report, printed -> BenchSummary.text(printed, keep));
      return ExitCode.OK.code();
    } finally {
      if (delete) {
        BenchDirectory.delete(directory);
      }
    }
  }
}
