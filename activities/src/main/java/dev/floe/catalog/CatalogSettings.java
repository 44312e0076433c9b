package dev.floe.catalog;

import static java.util.Objects.requireNonNull;

import dev.floe.error.InvalidInputException;
import dev.floe.error.StorageException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * Which Iceberg catalog Floe works on, and how to reach its object store. Either the embedded
 * default (a JDBC catalog on SQLite with a local warehouse, {@code jdbc:sqlite:...}) or an Iceberg
 * REST catalog ({@code rest:http://host:port}) whose tables live in S3-compatible storage under
 * {@code warehouse} ({@code s3://bucket/prefix}).
 *
 * <p>Credentials come from the usual AWS variables and are never part of {@link #toString()} or of
 * any message built from these settings.
 *
 * @param catalog {@code jdbc:sqlite:PATH} or {@code rest:http(s)://HOST:PORT[/PATH]}; null is the
 *     embedded catalog of the data directory
 * @param warehouse the REST catalog's warehouse (an {@code s3://} location); null lets the server
 *     choose, and for a JDBC catalog a local directory, null meaning the data directory's
 * @param s3Endpoint an S3-compatible endpoint ({@code http://127.0.0.1:9000}); null is AWS itself
 * @param s3Region the region, null meaning {@code us-east-1}
 * @param s3PathStyleAccess addresses buckets as {@code endpoint/bucket} rather than as host names,
 *     which most self-hosted object stores need
 * @param credentials access key id, secret and session token; null fields use the AWS SDK's own
 *     chain (environment, profile, instance role)
 */
public record CatalogSettings(
    String catalog,
    String warehouse,
    String s3Endpoint,
    String s3Region,
    boolean s3PathStyleAccess,
    S3Credentials credentials) {
  public static final String REST_PREFIX = "rest:";
  public static final String JDBC_SQLITE_PREFIX = "jdbc:sqlite:";
  public static final String DEFAULT_REGION = "us-east-1";

  /** S3 credentials; {@link #toString()} shows the key id's first characters at most. */
  public record S3Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
    public static final S3Credentials NONE = new S3Credentials(null, null, null);

    public static S3Credentials fromEnvironment(Map<String, String> environment) {
      return new S3Credentials(
          blankToNull(environment.get("AWS_ACCESS_KEY_ID")),
          blankToNull(environment.get("AWS_SECRET_ACCESS_KEY")),
          blankToNull(environment.get("AWS_SESSION_TOKEN")));
    }

    /**
     * Refuses half a key pair, naming the variable that is missing: the SDK would refuse it too, in
     * its own words, once a command has already started.
     */
    void requireKeyPair(String context) {
      if ((accessKeyId == null) == (secretAccessKey == null)) {
        return;
      }
      String set = accessKeyId == null ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID";
      String missing = accessKeyId == null ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY";
      throw new StorageException(
          context + ": " + set + " is set but " + missing
              + " is not; set both, or neither to use the AWS SDK's default credentials",
          null);
    }

    @Override
    public String toString() {
      return accessKeyId == null ? "S3Credentials[default chain]" : "S3Credentials[****]";
    }
  }

  public CatalogSettings {
    requireNonNull(credentials, "credentials is null");
    catalog = blankToNull(catalog);
    warehouse = blankToNull(warehouse);
    s3Endpoint = blankToNull(s3Endpoint);
    s3Region = blankToNull(s3Region);
    if (catalog != null && !catalog.startsWith(REST_PREFIX) && !catalog.startsWith(JDBC_SQLITE_PREFIX)) {
      throw new InvalidInputException(
          "Invalid catalog '" + catalog + "': expected jdbc:sqlite:PATH or rest:http://HOST:PORT");
    }
    if (catalog != null && catalog.startsWith(REST_PREFIX)) {
      checkHttpUri("catalog", catalog.substring(REST_PREFIX.length()));
      if (warehouse != null && !warehouse.startsWith("s3://")) {
        throw new InvalidInputException(
            "Invalid warehouse '" + warehouse + "' for a REST catalog: expected s3://BUCKET/PREFIX");
      }
    }
    if (s3Endpoint != null) {
      checkHttpUri("S3 endpoint", s3Endpoint);
    }
  }

  /** Today's default: the JDBC catalog and warehouse inside the data directory. */
  public static CatalogSettings embedded() {
    return new CatalogSettings(null, null, null, null, false, S3Credentials.NONE);
  }

  public boolean isRest() {
    return catalog != null && catalog.startsWith(REST_PREFIX);
  }

  /** The REST catalog's base URI, without the {@code rest:} prefix. */
  public String restUri() {
    if (!isRest()) {
      throw new IllegalStateException("Not a REST catalog: " + catalog);
    }
    return catalog.substring(REST_PREFIX.length());
  }

  /** Where the catalog is, for messages: never a credential. */
  public String describe() {
    return catalog == null ? "the embedded catalog" : "catalog " + catalog;
  }

  /** Catalog properties that configure {@code S3FileIO} (see iceberg-aws's S3FileIOProperties). */
  Map<String, String> s3Properties() {
    Map<String, String> properties = new HashMap<>();
    properties.put("client.region", s3Region == null ? DEFAULT_REGION : s3Region);
    // The one HTTP client Floe ships (the SDK's url-connection client), not Apache's.
    properties.put("http-client.type", "urlconnection");
    if (s3Endpoint != null) {
      properties.put("s3.endpoint", s3Endpoint);
    }
    if (s3PathStyleAccess) {
      properties.put("s3.path-style-access", "true");
    }
    if (credentials.accessKeyId() != null) {
      properties.put("s3.access-key-id", credentials.accessKeyId());
    }
    if (credentials.secretAccessKey() != null) {
      properties.put("s3.secret-access-key", credentials.secretAccessKey());
    }
    if (credentials.sessionToken() != null) {
      properties.put("s3.session-token", credentials.sessionToken());
    }
    return properties;
  }

  private static void checkHttpUri(String what, String text) {
    URI uri;
    try {
      uri = URI.create(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("Invalid " + what + " '" + text + "': " + e.getMessage());
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
      throw new InvalidInputException(
          "Invalid " + what + " '" + text + "': expected http://HOST:PORT or https://HOST:PORT");
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
