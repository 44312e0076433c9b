package dev.floe.worker;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Iceberg REST catalog in front of a real S3-compatible object store, each its own JVM on a
 * free port: Iceberg's REST catalog fixture served on 127.0.0.1 by {@code
 * LoopbackRestCatalogServer} (backed by a JDBC catalog on a SQLite file, writing table metadata
 * through S3FileIO) and Adobe S3Mock. Their classpaths are the ones {@code test-servers/} copies
 * and compiles; {@code floe.test-servers} names that module's target folder.
 */
final class ObjectStoreCatalog implements AutoCloseable {
  static final String BUCKET = "floe-warehouse";
  static final String ACCESS_KEY_ID = "floe-test-access-key";
  static final String SECRET_ACCESS_KEY = "floe-test-secret-never-printed";

  private static final Duration STARTUP = Duration.ofMinutes(3);

  private final Process objectStore;
  private final Process catalog;
  private final int objectStorePort;
  private final int catalogPort;

  private ObjectStoreCatalog(Process objectStore, Process catalog, int objectStorePort, int catalogPort) {
    this.objectStore = objectStore;
    this.catalog = catalog;
    this.objectStorePort = objectStorePort;
    this.catalogPort = catalogPort;
  }

  static ObjectStoreCatalog start(Path directory) throws Exception {
    return start(directory, "s3://" + BUCKET + "/warehouse");
  }

  /** As {@link #start(Path)}, the catalog keeping its tables under {@code warehouse} (any bucket). */
  static ObjectStoreCatalog start(Path directory, String warehouse) throws Exception {
    Path servers = Path.of(System.getProperty("floe.test-servers", "../test-servers/target"));
    Path s3mockJar = servers.resolve("s3mock/s3mock.jar");
    Path catalogLibraries = servers.resolve("rest-catalog");
    Path catalogLauncher = servers.resolve("classes");
    if (!Files.isRegularFile(s3mockJar)
        || !Files.isDirectory(catalogLibraries)
        || !Files.isDirectory(catalogLauncher)) {
      throw new IllegalStateException(
          "Test servers missing under " + servers.toAbsolutePath() + ": build module test-servers first");
    }
    Files.createDirectories(directory);
    int objectStorePort = freePort();
    // S3Mock 5.2.0 binds its plain-HTTP connector (--http.port) on every interface whatever
    // --server.address says, and cannot start without it (--http.port=-1 fails); only its HTTPS
    // connector (--server.port, unused here) honours 127.0.0.1.
    Process objectStore = start(
        List.of(java(), "-Xmx384m", "-jar", s3mockJar.toString(),
            "--server.address=127.0.0.1", "--server.port=0", "--http.port=" + objectStorePort,
            "--com.adobe.testing.s3mock.store.initial-buckets=" + BUCKET,
            "--com.adobe.testing.s3mock.store.root=" + directory.resolve("s3mock-data"),
            "--spring.main.banner-mode=off"),
        Map.of(), directory.resolve("s3mock.log"));
    Process catalog = null;
    try {
      awaitHttp(objectStore, "http://127.0.0.1:" + objectStorePort + "/", directory.resolve("s3mock.log"));
      int catalogPort = freePort();
      // The server reads CATALOG_* variables as catalog properties ("__" is "-", "_" is ".").
      catalog = start(
          List.of(java(), "-Xmx256m", "-cp",
              catalogLibraries.toAbsolutePath() + "/*" + File.pathSeparator + catalogLauncher.toAbsolutePath(),
              "dev.floe.testservers.LoopbackRestCatalogServer"),
          Map.of(
              "CATALOG_REST_PORT", Integer.toString(catalogPort),
              "CATALOG_URI", "jdbc:sqlite:" + directory.resolve("rest-catalog.db"),
              "CATALOG_WAREHOUSE", warehouse,
              "CATALOG_IO__IMPL", "org.apache.iceberg.aws.s3.S3FileIO",
              "CATALOG_S3_ENDPOINT", "http://127.0.0.1:" + objectStorePort,
              "CATALOG_S3_PATH__STYLE__ACCESS", "true",
              "CATALOG_S3_ACCESS__KEY__ID", ACCESS_KEY_ID,
              "CATALOG_S3_SECRET__ACCESS__KEY", SECRET_ACCESS_KEY,
              "CATALOG_CLIENT_REGION", "us-east-1",
              "CATALOG_HTTP__CLIENT_TYPE", "urlconnection"),
          directory.resolve("rest-catalog.log"));
      awaitHttp(catalog, "http://127.0.0.1:" + catalogPort + "/v1/config", directory.resolve("rest-catalog.log"));
      return new ObjectStoreCatalog(objectStore, catalog, objectStorePort, catalogPort);
    } catch (Exception | Error e) {
      stop(catalog);
      stop(objectStore);
      throw e;
    }
  }

  String catalogUri() {
    return "rest:http://127.0.0.1:" + catalogPort;
  }

  String endpoint() {
    return "http://127.0.0.1:" + objectStorePort;
  }

  /** The environment a Floe process on this catalog runs with, credentials included. */
  Map<String, String> floeEnvironment() {
    return Map.of(
        FloeConfig.CATALOG_ENV, catalogUri(),
        FloeConfig.WAREHOUSE_ENV, "s3://" + BUCKET + "/warehouse",
        FloeConfig.S3_ENDPOINT_ENV, endpoint(),
        "AWS_REGION", "us-east-1",
        "AWS_ACCESS_KEY_ID", ACCESS_KEY_ID,
        "AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY);
  }

  @Override
  public void close() {
    stop(catalog);
    stop(objectStore);
  }

  private static Process start(List<String> command, Map<String, String> environment, Path log) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    return builder.start();
  }

  private static void awaitHttp(Process process, String url, Path log) throws InterruptedException {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Server for " + url + " exited with " + process.exitValue() + "; see " + log);
      }
      try {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        connection.setConnectTimeout(1000);
        connection.setReadTimeout(5000);
        int status = connection.getResponseCode();
        connection.disconnect();
        if (status < 500) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("No server at " + url + " after " + STARTUP + "; see " + log);
  }

  private static void stop(Process process) {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
