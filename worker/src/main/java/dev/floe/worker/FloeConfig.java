package dev.floe.worker;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.CatalogSettings;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything a {@code floe} process is configured with, resolved once from flags and environment
 * (see {@link #resolve}). Keys, as documented in the README: {@code floe.data-dir} ({@code
 * --data-dir}, else {@code $FLOE_HOME}, else {@code ./floe-data}), {@code floe.output} ({@code
 * --pretty}), {@code floe.debug} ({@code $FLOE_DEBUG}: stack traces on errors), and the catalog:
 * {@code floe.catalog} ({@code --catalog}, else {@code $FLOE_CATALOG}; unset is the embedded
 * catalog of the data directory), {@code floe.warehouse} ({@code --warehouse}, {@code
 * $FLOE_WAREHOUSE}), {@code s3.endpoint} ({@code --s3-endpoint}, {@code $FLOE_S3_ENDPOINT}, else
 * {@code $AWS_ENDPOINT_URL_S3}, else {@code $AWS_ENDPOINT_URL}), {@code client.region} ({@code
 * --s3-region}, {@code $AWS_REGION}, {@code $AWS_DEFAULT_REGION}), {@code s3.path-style-access}
 * ({@code --s3-path-style-access}, {@code $FLOE_S3_PATH_STYLE_ACCESS}; default true when an
 * endpoint is set) and credentials from {@code $AWS_ACCESS_KEY_ID}, {@code
 * $AWS_SECRET_ACCESS_KEY}, {@code $AWS_SESSION_TOKEN} (else the AWS SDK's own chain).
 */
public record FloeConfig(
    Path dataDir,
    DataDirSource dataDirSource,
    OutputStyle output,
    boolean showStackTraces,
    CatalogSettings catalog) {
  public static final String DATA_DIR_ENV = "FLOE_HOME";
  public static final String DEBUG_ENV = "FLOE_DEBUG";
  public static final String CATALOG_ENV = "FLOE_CATALOG";
  public static final String WAREHOUSE_ENV = "FLOE_WAREHOUSE";
  public static final String S3_ENDPOINT_ENV = "FLOE_S3_ENDPOINT";
  public static final String S3_PATH_STYLE_ENV = "FLOE_S3_PATH_STYLE_ACCESS";
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
    requireNonNull(catalog, "catalog is null");
    dataDir = dataDir.toAbsolutePath().normalize();
  }

  /**
   * The catalog flags of the command line; each may be null (not given).
   *
   * @param s3PathStyleAccess {@code true}/{@code false}, null when not given
   */
  public record CatalogFlags(
      String catalog, String warehouse, String s3Endpoint, String s3Region, Boolean s3PathStyleAccess) {
    public static final CatalogFlags NONE = new CatalogFlags(null, null, null, null, null);
  }

  /** As {@link #resolve(Path, CatalogFlags, OutputStyle, Map)} without catalog flags. */
  public static FloeConfig resolve(
      Path dataDirFlag, OutputStyle output, Map<String, String> environment) {
    return resolve(dataDirFlag, CatalogFlags.NONE, output, environment);
  }

  /** The one place flags and environment become configuration. {@code dataDirFlag} may be null. */
  public static FloeConfig resolve(
      Path dataDirFlag, CatalogFlags catalogFlags, OutputStyle output, Map<String, String> environment) {
    return new FloeConfig(
        dataDirFlag != null ? dataDirFlag : dataDirFromEnvironment(environment),
        dataDirFlag != null
            ? DataDirSource.FLAG
            : isSet(environment.get(DATA_DIR_ENV))
                ? DataDirSource.ENVIRONMENT
                : DataDirSource.DEFAULT,
        output,
        showStackTraces(environment),
        catalog(catalogFlags, environment));
  }

  private static CatalogSettings catalog(CatalogFlags flags, Map<String, String> environment) {
    String endpoint =
        first(
            flags.s3Endpoint(),
            environment.get(S3_ENDPOINT_ENV),
            environment.get("AWS_ENDPOINT_URL_S3"),
            environment.get("AWS_ENDPOINT_URL"));
    String pathStyle = flags.s3PathStyleAccess() != null
        ? flags.s3PathStyleAccess().toString()
        : environment.get(S3_PATH_STYLE_ENV);
    return new CatalogSettings(
        first(flags.catalog(), environment.get(CATALOG_ENV)),
        first(flags.warehouse(), environment.get(WAREHOUSE_ENV)),
        endpoint,
        first(flags.s3Region(), environment.get("AWS_REGION"), environment.get("AWS_DEFAULT_REGION")),
        isSet(pathStyle) ? Boolean.parseBoolean(pathStyle.strip()) : endpoint != null,
        CatalogSettings.S3Credentials.fromEnvironment(environment));
  }

  private static String first(String... values) {
    for (String value : values) {
      if (isSet(value)) {
        return value;
      }
    }
    return null;
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
