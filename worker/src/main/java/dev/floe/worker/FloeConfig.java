package dev.floe.worker;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;

/**
 * Everything a {@code floe} process is configured with, resolved once from flags and environment
 * (see {@link #resolve}). Keys, as documented in the README: {@code floe.data-dir} ({@code
 * --data-dir}, else {@code $FLOE_HOME}, else {@code ./floe-data}), {@code floe.output} ({@code
 * --pretty}), {@code floe.debug} ({@code $FLOE_DEBUG}: stack traces on errors).
 */
public record FloeConfig(
    Path dataDir, DataDirSource dataDirSource, OutputStyle output, boolean showStackTraces) {
  public static final String DATA_DIR_ENV = "FLOE_HOME";
  public static final String DEBUG_ENV = "FLOE_DEBUG";
  public static final Path DEFAULT_DATA_DIR = Path.of("floe-data");

  /** Where the data directory came from, so messages can tell the user how to point elsewhere. */
  public enum DataDirSource {
    FLAG,
    ENVIRONMENT,
    DEFAULT
  }

  public enum OutputStyle {
    JSON,
    PRETTY
  }

  public FloeConfig {
    requireNonNull(dataDir, "dataDir is null");
    requireNonNull(dataDirSource, "dataDirSource is null");
    requireNonNull(output, "output is null");
    dataDir = dataDir.toAbsolutePath().normalize();
  }

  /** The one place flags and environment become configuration. {@code dataDirFlag} may be null. */
  public static FloeConfig resolve(
      Path dataDirFlag, OutputStyle output, Map<String, String> environment) {
    return new FloeConfig(
        dataDirFlag != null ? dataDirFlag : dataDirFromEnvironment(environment),
        dataDirFlag != null
            ? DataDirSource.FLAG
            : isSet(environment.get(DATA_DIR_ENV))
                ? DataDirSource.ENVIRONMENT
                : DataDirSource.DEFAULT,
        output,
        showStackTraces(environment));
  }

  /** FLOE_DEBUG=1 (or true/yes) shows stack traces; read before any flag is parsed. */
  public static boolean showStackTraces(Map<String, String> environment) {
    String value = environment.get(DEBUG_ENV);
    return value != null
        && (value.equals("1") || value.equalsIgnoreCase("true") || value.equalsIgnoreCase("yes"));
  }

  private static Path dataDirFromEnvironment(Map<String, String> environment) {
    String home = environment.get(DATA_DIR_ENV);
    return isSet(home) ? Path.of(home) : DEFAULT_DATA_DIR;
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }
}
