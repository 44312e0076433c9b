package dev.floe.worker;

import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.error.NotFoundException;
import dev.floe.error.StorageFailures;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code floe} program. Holds the global options, builds the {@link FloeConfig} once, and maps
 * every failure to one line on stderr and an {@link ExitCode}: commands just throw.
 */
@Command(
    name = "floe",
    mixinStandardHelpOptions = true,
    versionProvider = FloeVersionProvider.class,
    description = "A feature store for card-fraud anomaly detection on Iceberg and DuckDB.",
    footer = {"", "Every command prints JSON on stdout; --pretty prints a short summary instead."},
    subcommands = {
      DemoCommand.class,
      BenchCommand.class,
      GenerateCommand.class,
      IngestCommand.class,
      FeaturizeCommand.class,
      FeaturesCommand.class,
      TrainCommand.class,
      DetectCommand.class,
      DebugCommand.class,
      ModelsCommand.class,
      TrainingDataCommand.class,
      RawDataCommand.class,
      SnapshotsCommand.class,
      ExportFeaturesCommand.class,
      TrainingSetCommand.class,
      FeaturesAsOfCommand.class,
      BackfillCommand.class,
      ServerCommand.class,
      WorkerCommand.class,
      RunCommand.class,
      StartCommand.class,
      ScheduleCommand.class,
      StatusCommand.class,
      RunsCommand.class,
      WebCommand.class,
      ReproduceCommand.class,
      MaintainCommand.class,
      DriftCommand.class,
    })
public final class Main implements Callable<Integer> {
  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description =
          "Data directory holding the catalog and warehouse (default: $FLOE_HOME, else"
              + " ./floe-data).")
  private Path dataDir;

  @Option(
      names = "--catalog",
      paramLabel = "URI",
      scope = ScopeType.INHERIT,
      description =
          "Iceberg catalog: jdbc:sqlite:PATH or rest:http://HOST:PORT (default: $FLOE_CATALOG, else"
              + " the embedded catalog of the data directory).")
  private String catalog;

  @Option(
      names = "--warehouse",
      paramLabel = "LOCATION",
      scope = ScopeType.INHERIT,
      description = "The catalog's warehouse, s3://BUCKET/PREFIX for a REST catalog (default: $FLOE_WAREHOUSE).")
  private String warehouse;

  @Option(
      names = "--s3-endpoint",
      paramLabel = "URL",
      scope = ScopeType.INHERIT,
      description = "An S3-compatible endpoint (default: $FLOE_S3_ENDPOINT, else $AWS_ENDPOINT_URL_S3).")
  private String s3Endpoint;

  @Option(
      names = "--s3-region",
      paramLabel = "REGION",
      scope = ScopeType.INHERIT,
      description = "The S3 region (default: $AWS_REGION, else us-east-1).")
  private String s3Region;

  @Option(
      names = "--s3-path-style-access",
      paramLabel = "true|false",
      scope = ScopeType.INHERIT,
      description =
          "Address buckets as ENDPOINT/BUCKET (default: $FLOE_S3_PATH_STYLE_ACCESS, else true when an"
              + " endpoint is set).")
  private Boolean s3PathStyleAccess;

  @Option(
      names = "--pretty",
      scope = ScopeType.INHERIT,
      description = "Print a short human summary instead of JSON.")
  private boolean pretty;

  @Spec private CommandSpec spec;

  private final Map<String, String> environment;
  private final PrintStream stdout;
  private FloeConfig config;

  private Main(Map<String, String> environment, PrintStream stdout) {
    this.environment = Map.copyOf(environment);
    this.stdout = stdout;
  }

  public static void main(String[] args) {
    // JSON is UTF-8 whatever the locale says.
    PrintStream stdout =
        new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    PrintStream stderr =
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    int exitCode = execute(args, System.getenv(), stdout, stderr);
    stdout.flush();
    System.exit(exitCode);
  }

  /** Runs one command line to its exit code; tests run it in-process with their own streams. */
  public static int execute(
      String[] args, Map<String, String> environment, PrintStream stdout, PrintStream stderr) {
    return commandLine(environment, stdout, stderr).execute(args);
  }

  /** The whole program, ready to execute. */
  public static CommandLine commandLine(
      Map<String, String> environment, PrintStream stdout, PrintStream stderr) {
    boolean showStackTraces = FloeConfig.showStackTraces(environment);
    CommandLine commandLine = new CommandLine(new Main(environment, stdout));
    PrintWriter err = new PrintWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8), true);
    commandLine.setOut(
        new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true));
    commandLine.setErr(err);
    commandLine.registerConverter(LocalDate.class, Main::parseDate);
    commandLine.registerConverter(BigDecimal.class, Main::parseDecimal);
    commandLine.registerConverter(FloeTable.class, Main::parseTable);
    commandLine.setParameterExceptionHandler(
        (exception, args) -> reportUsageError(exception, err, showStackTraces));
    commandLine.setExecutionExceptionHandler(
        (exception, failed, parseResult) -> reportFailure(exception, err, showStackTraces));
    return commandLine;
  }

  /** {@code floe} alone: the usage, on stderr because stdout is reserved for results. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE.code();
  }

  /** The configuration, resolved on first use (after parsing, so every flag is in). */
  FloeConfig config() {
    if (config == null) {
      config =
          FloeConfig.resolve(
              dataDir,
              new FloeConfig.CatalogFlags(catalog, warehouse, s3Endpoint, s3Region, s3PathStyleAccess),
              pretty ? FloeConfig.OutputStyle.PRETTY : FloeConfig.OutputStyle.JSON,
              environment);
    }
    return config;
  }

  /** One variable of the environment this program was started with (tests pass their own). */
  String environment(String name) {
    return environment.get(name);
  }

  CommandOutput output() {
    return new CommandOutput(stdout, config().output());
  }

  /**
   * The catalog of the data directory, creating the directory when a command is to write into it.
   */
  FloeCatalog openCatalog() {
    return FloeCatalog.open(config().dataDir(), config().catalog());
  }

  /**
   * The catalog of a data directory that must exist already: a command that only reads should not
   * leave an empty directory behind a typo in {@code --data-dir}.
   */
  FloeCatalog openExistingCatalog() {
    Path directory = config().dataDir();
    if (config().catalog().isRest()) {
      // The data directory only caches files of a remote catalog: any (new) one will do.
      return openCatalog();
    }
    if (!Files.isDirectory(directory)) {
      throw new NotFoundException(
          "Data directory "
              + directory
              + " does not exist: run 'floe demo' or 'floe generate' first, or point --data-dir or"
              + " $"
              + FloeConfig.DATA_DIR_ENV
              + " at your data");
    }
    return FloeCatalog.open(directory, config().catalog());
  }

  /**
   * A file the user named as input. Checked here as well as in the library so that a missing file
   * is the same "not found" whichever command was given it.
   */
  static Path existingFile(Path file, String role) {
    if (!Files.isRegularFile(file)) {
      throw new NotFoundException(
          (Files.isDirectory(file)
              ? role + " " + file + " is a directory, not a file"
              : "No such " + role + ": " + file));
    }
    return file;
  }

  private static int reportUsageError(
      ParameterException exception, PrintWriter err, boolean showStackTraces) {
    CommandLine failed = exception.getCommandLine();
    String message = oneLine(exception.getMessage());
    if (exception instanceof UnmatchedArgumentException unmatched) {
      List<String> arguments = unmatched.getUnmatched();
      if (!failed.getSubcommands().isEmpty()
          && !arguments.isEmpty()
          && !arguments.get(0).startsWith("-")) {
        message = "Unknown command '" + arguments.get(0) + "'";
      }
      if (!unmatched.getSuggestions().isEmpty()) {
        message += "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
      }
    }
    err.println(
        "floe: " + message + " (see '" + failed.getCommandSpec().qualifiedName() + " --help')");
    if (showStackTraces) {
      exception.printStackTrace(err);
    }
    err.flush();
    return ExitCode.USAGE.code();
  }

  private static int reportFailure(Exception failure, PrintWriter err, boolean showStackTraces) {
    ExitCode code = ExitCode.of(failure);
    // A storage failure a library raised (a locked catalog, a full disk, an unreachable catalog or
    // object store) is told in Floe's words.
    Throwable reported = StorageFailures.recognise(failure).<Throwable>map(known -> known).orElse(failure);
    String message = oneLine(reported.getMessage());
    if (code == ExitCode.INTERNAL_ERROR) {
      message =
          "unexpected "
              + failure.getClass().getSimpleName()
              + (message.isEmpty() ? "" : ": " + message)
              + (showStackTraces
                  ? ""
                  : " (set " + FloeConfig.DEBUG_ENV + "=1 to see the stack trace)");
    }
    err.println("floe: " + message);
    if (showStackTraces) {
      failure.printStackTrace(err);
    }
    err.flush();
    return code.code();
  }

  /** Messages may carry a library's multi-line detail; the CLI promises exactly one line. */
  private static String oneLine(String message) {
    return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
  }

  private static LocalDate parseDate(String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new TypeConversionException("'" + text + "' is not an ISO-8601 date like 2025-09-17");
    }
  }

  private static BigDecimal parseDecimal(String text) {
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + text + "' is not a number");
    }
  }

  private static FloeTable parseTable(String text) {
    try {
      return FloeTable.fromName(text);
    } catch (RuntimeException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
