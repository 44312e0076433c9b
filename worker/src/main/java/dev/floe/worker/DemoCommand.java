package dev.floe.worker;

import dev.floe.catalog.FloeCatalog;
import dev.floe.error.InvalidInputException;
import dev.floe.error.StorageException;
import dev.floe.workflows.PipelineResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole story in seconds: generate, featurize, train, explain an injected anomaly.",
      "The pipeline runs as a FeaturePipeline workflow on a Temporal server embedded in this process.",
      "Generates a month of transactions with one anomaly (user 42, day 5, x10), builds features,",
      "trains a model and explains the anomalous transaction. Runs in an empty data directory:"
          + " when",
      "the data directory already holds something, the demo uses a fresh subdirectory and says so."
    })
final class DemoCommand implements Callable<Integer> {
  private static final DateTimeFormatter SUBDIRECTORY =
      DateTimeFormatter.ofPattern("'demo-'yyyyMMdd-HHmmss");

  @ParentCommand private Main floe;

  @Option(
      names = "--users",
      defaultValue = "" + DemoScenario.DEFAULT_USERS,
      description = "Users (default: ${DEFAULT-VALUE}).")
  private int users;

  @Option(
      names = "--events",
      defaultValue = "" + DemoScenario.DEFAULT_EVENTS,
      description = "Events (default: ${DEFAULT-VALUE}).")
  private long events;

  @Option(
      names = "--days",
      defaultValue = "" + DemoScenario.DEFAULT_DAYS,
      description = "Days (default: ${DEFAULT-VALUE}).")
  private int days;

  @Option(
      names = "--end-date",
      paramLabel = "DATE",
      description = "Last day (default: today, UTC).")
  private LocalDate endDate;

  @Option(
      names = "--seed",
      defaultValue = "" + DemoScenario.DEFAULT_SEED,
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  private long seed;

  /**
   * What the demo prints: the workflow run (its id, snapshots, counts and step durations), the
   * model, the explained anomaly, and where to go next.
   */
  record DemoResult(
      String dataDir,
      double seconds,
      String workflowId,
      PipelineResult pipeline,
      TrainCommand.TrainResult train,
      DemoScenario.Anomaly anomaly,
      SeedDebugReport report,
      List<String> explore) {
    DemoResult {
      explore = List.copyOf(explore);
    }
  }

  @Override
  public Integer call() {
    long started = System.nanoTime();
    DemoScenario scenario =
        new DemoScenario(
            users, events, days, endDate != null ? endDate : LocalDate.now(ZoneOffset.UTC), seed);
    Path directory = emptyDirectoryFor(floe.config().dataDir());
    DemoScenario.Steps steps;
    try (FloeCatalog catalog = FloeCatalog.open(directory)) {
      steps = scenario.run(catalog);
    }
    DemoResult result =
        new DemoResult(
            directory.toString(),
            Math.round((System.nanoTime() - started) / 1e7) / 100.0,
            steps.pipeline().workflowId(),
            steps.pipeline(),
            TrainCommand.TrainResult.of(steps.model()),
            steps.anomaly(),
            SeedDebugReport.of(steps.report()),
            exploreCommands(directory, steps));
    floe.output().print(result, shown -> summary(shown, steps));
    return ExitCode.OK.code();
  }

  /** The configured directory when it is new or empty, else a fresh subdirectory of it. */
  static Path emptyDirectoryFor(Path configured) {
    if (!Files.exists(configured) || isEmptyDirectory(configured)) {
      return configured;
    }
    if (!Files.isDirectory(configured)) {
      throw new InvalidInputException(
          "Data directory " + configured + " is a file, not a directory");
    }
    Path fresh = configured.resolve(SUBDIRECTORY.format(LocalDateTime.now(ZoneOffset.UTC)));
    for (int attempt = 2; Files.exists(fresh); attempt++) {
      fresh =
          configured.resolve(
              SUBDIRECTORY.format(LocalDateTime.now(ZoneOffset.UTC)) + "-" + attempt);
    }
    return fresh;
  }

  private static boolean isEmptyDirectory(Path directory) {
    if (!Files.isDirectory(directory)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new StorageException("Cannot list " + directory + ": " + e.getMessage(), e);
    }
  }

  private List<String> exploreCommands(Path directory, DemoScenario.Steps steps) {
    String floeCommand = "./floe" + dataDirFlag(directory);
    String version = steps.model().modelVersion();
    DemoScenario.Anomaly anomaly = steps.anomaly();
    return List.of(
        floeCommand + " models --pretty",
        String.format(
            "%s debug --model %s --user %d --amount %s --as-of %s --pretty",
            floeCommand,
            version,
            anomaly.userId(),
            anomaly.amount().toPlainString(),
            anomaly.date()),
        String.format(
            "%s detect --model %s --user %d --amount 20 --as-of %s",
            floeCommand, version, anomaly.userId(), anomaly.date()),
        floeCommand + " training-data " + version + " --out training.csv",
        floeCommand + " raw-data " + version + " --out raw.parquet",
        floeCommand + " snapshots raw_events",
        floeCommand + " export-features --out features.parquet");
  }

  /** No flag when a plain {@code ./floe} would find the same directory again. */
  private String dataDirFlag(Path directory) {
    FloeConfig config = floe.config();
    if (directory.equals(config.dataDir())
        && config.dataDirSource() != FloeConfig.DataDirSource.FLAG) {
      return "";
    }
    Path workingDirectory = Path.of("").toAbsolutePath();
    Path shown =
        directory.startsWith(workingDirectory) ? workingDirectory.relativize(directory) : directory;
    return " --data-dir " + shown;
  }

  static String summary(DemoResult result, DemoScenario.Steps steps) {
    StringBuilder text = new StringBuilder();
    text.append(String.format("Floe demo in %s (%.1f s)%n%n", result.dataDir(), result.seconds()));
    text.append(indent("workflow   ", RunCommand.summary(result.pipeline())));
    text.append(indent("train      ", TrainCommand.summary(result.train())));
    text.append(System.lineSeparator());
    text.append(DebugCommand.summary(steps.report(), result.anomaly().amount()));
    text.append(String.format("%nExplore further:%n"));
    result
        .explore()
        .forEach(command -> text.append("  ").append(command).append(System.lineSeparator()));
    return text.toString();
  }

  private static String indent(String label, String block) {
    String padding = " ".repeat(label.length());
    StringBuilder text = new StringBuilder();
    List<String> lines = block.stripTrailing().lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      text.append(i == 0 ? label : padding).append(lines.get(i)).append(System.lineSeparator());
    }
    return text.toString();
  }
}
