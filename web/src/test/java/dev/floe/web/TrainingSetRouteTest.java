package dev.floe.web;

import static dev.floe.web.WebTesting.testConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.engine.DuckDb;
import dev.floe.pointintime.FeatureSnapshotChoice;
import dev.floe.pointintime.TrainingSetBuilder;
import dev.floe.pointintime.TrainingSetRequest;
import dev.floe.web.runs.InMemoryPipelineRuns;
import dev.floe.workflows.FloeJson;
import dev.floe.workflows.ModelCard;
import dev.floe.workflows.TrainingSetSummary;
import io.javalin.testtools.JavalinTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.Snapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /training-set on real Iceberg tables: the download is what TrainingSetBuilder writes. */
class TrainingSetRouteTest {
  private static final Path TEMP = Path.of(System.getProperty("java.io.tmpdir"));

  /** Labels around two days of features, with a duplicate, a user without history, one before any data. */
  private static final String LABELS =
      "user_id,label,as_of_ts,note\n"
          + "1,0,2025-09-02T12:00:00Z,noon after day one\n"
          + "1,1,2025-09-03T00:00:00Z,midnight after day two\n"
          + "1,1,2025-09-03T00:00:00Z,duplicate\n"
          + "2,0,2025-09-20T00:00:00Z,long after: past a 7d ttl\n"
          + "7,0,2025-09-03T00:00:00Z,no history\n"
          + "2,1,2025-08-01,before any data\n";

  @TempDir Path dataDir;
  @TempDir Path files;

  private FloeCatalog catalog;
  private Snapshot features;
  private ModelCard model;

  @BeforeEach
  void featuresAndAModel() {
    catalog = FloeCatalog.open(dataDir);
    TableFixture.RegisteredModel registered = TableFixture.registerModelOnFourFeatureRows(catalog);
    features = registered.features();
    model = registered.model();
    // A later commit the model's and the snapshot's training sets must not see.
    TableFixture.appendFeatures(catalog, "(1, '2025-09-02', 99.99), (7, '2025-09-01', 1.00)",
        new CommitLineage("wf-2", "run-2", "featurize"));
  }

  @AfterEach
  void closeCatalog() {
    catalog.close();
  }

  private FloeWebApp app(WebConfig config) {
    return new FloeWebApp(config, catalog, new InMemoryPipelineRuns());
  }

  private WebConfig config() {
    return WebConfig.defaults(dataDir).withToken(null).withPort(0);
  }

  @Test
  void aCsvUploadDownloadsExactlyWhatTheBuilderWrites() throws Exception {
    Path labels = write("labels.csv", LABELS);
    Path expected = files.resolve("expected.csv");
    TrainingSetSummary direct = new TrainingSetBuilder(catalog).build(
        new TrainingSetRequest(labels, FeatureSnapshotChoice.ofModel(model.modelVersion()), Duration.ofDays(7), expected));
    int before = temporaryDirectories();

    JavalinTest.test(app(config()).javalin(), testConfig(), (server, client) -> {
      HttpResponse<byte[]> response = post(client.getOrigin(),
          "/training-set?model=" + model.modelVersion() + "&ttl=7d", "text/csv", LABELS.getBytes(StandardCharsets.UTF_8), null);

      assertThat(response.statusCode()).as(body(response)).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
      assertThat(response.headers().firstValue("Content-Disposition"))
          .hasValue("attachment; filename=\"training-set-" + features.snapshotId() + ".csv\"");
      assertThat(response.body()).isEqualTo(Files.readAllBytes(expected));
      assertThat(header(response, TrainingSetHandler.SNAPSHOT_ID_HEADER)).isEqualTo(String.valueOf(direct.featureSnapshotId()));
      assertThat(header(response, TrainingSetHandler.SNAPSHOT_CHOICE_HEADER)).isEqualTo("model " + model.modelVersion());
      assertThat(header(response, TrainingSetHandler.ROWS_HEADER)).isEqualTo("6").isEqualTo(String.valueOf(direct.rows()));
      assertThat(header(response, TrainingSetHandler.WITH_FEATURES_HEADER)).isEqualTo(String.valueOf(direct.rowsWithFeatures()));
      assertThat(header(response, TrainingSetHandler.PAST_TTL_HEADER)).isEqualTo("1").isEqualTo(String.valueOf(direct.rowsPastTtl()));
      assertThat(header(response, TrainingSetHandler.WITHOUT_HISTORY_HEADER))
          .isEqualTo("2").isEqualTo(String.valueOf(direct.rowsWithoutHistory()));
      assertThat(header(response, TrainingSetHandler.TTL_HEADER)).isEqualTo("PT168H");
    });
    awaitTemporaryDirectories(before);
  }

  @Test
  void aParquetUploadIsDetectedByItsMagicAndAnswersInEitherFormat() throws Exception {
    Path csvLabels = write("labels.csv", LABELS);
    Path parquetLabels = files.resolve("labels.parquet");
    try (Connection connection = DuckDb.open(); Statement statement = connection.createStatement()) {
      statement.execute("COPY (SELECT * FROM read_csv('" + csvLabels + "', header = true)) TO '" + parquetLabels
          + "' (FORMAT parquet)");
    }
    Path expected = files.resolve("expected.parquet");
    new TrainingSetBuilder(catalog).build(
        new TrainingSetRequest(parquetLabels, FeatureSnapshotChoice.snapshot(features.snapshotId()), null, expected));
    byte[] body = Files.readAllBytes(parquetLabels);

    JavalinTest.test(app(config()).javalin(), testConfig(), (server, client) -> {
      HttpResponse<byte[]> parquet = post(client.getOrigin(), "/training-set?snapshot=" + features.snapshotId(),
          "application/octet-stream", body, null);
      assertThat(parquet.statusCode()).as(body(parquet)).isEqualTo(200);
      assertThat(parquet.headers().firstValue("Content-Type")).hasValue(TemporaryDownload.PARQUET_CONTENT_TYPE);
      Path downloaded = files.resolve("downloaded.parquet");
      Files.write(downloaded, parquet.body());
      assertThat(rows(downloaded)).isEqualTo(rows(expected)).hasSize(6);

      HttpResponse<byte[]> csv = post(client.getOrigin(),
          "/training-set?snapshot=" + features.snapshotId() + "&format=csv", "application/vnd.apache.parquet", body, null);
      assertThat(csv.statusCode()).as(body(csv)).isEqualTo(200);
      Path downloadedCsv = files.resolve("downloaded.csv");
      Files.write(downloadedCsv, csv.body());
      assertThat(rows(downloadedCsv)).hasSize(6);
      assertThat(column(rows(downloadedCsv), "spending_mean_7d")).isEqualTo(column(rows(expected), "spending_mean_7d"));
    });
  }

  @Test
  void aBodyLargerThanTheFormLimitIsAcceptedAndOneOverTheUploadLimitIsAskedToUseTheWorkflow() throws Exception {
    StringBuilder labels = new StringBuilder("user_id,label,as_of_ts\n");
    while (labels.length() <= WebConfig.DEFAULT_MAX_REQUEST_BYTES * 2) {
      labels.append("1,0,2025-09-03T00:00:00Z\n");
    }
    byte[] body = labels.toString().getBytes(StandardCharsets.UTF_8);
    long rows = labels.toString().lines().count() - 1;
    JavalinTest.test(app(config()).javalin(), testConfig(), (server, client) -> {
      HttpResponse<byte[]> response = post(client.getOrigin(), "/training-set?known_at=" + Instant.now(), "text/csv", body, null);
      assertThat(response.statusCode()).as(body(response)).isEqualTo(200);
      assertThat(header(response, TrainingSetHandler.ROWS_HEADER)).isEqualTo(String.valueOf(rows));
    });
    JavalinTest.test(app(config().withMaxLabelUploadBytes(1024)).javalin(), testConfig(), (server, client) -> {
      HttpResponse<byte[]> response = post(client.getOrigin(), "/training-set?snapshot=" + features.snapshotId(), "text/csv", body, null);
      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(error(response)).contains("1024 bytes").contains("floe training-set").contains("--workflow");
    });
  }

  @Test
  void aChunkedUploadWithoutALengthIsStoppedAtTheLimitAndLeavesNoFile() throws Exception {
    int before = temporaryDirectories();
    StringBuilder labels = new StringBuilder("user_id,label,as_of_ts\n");
    while (labels.length() <= 64 * 1024) {
      labels.append("1,0,2025-09-03T00:00:00Z\n");
    }
    byte[] body = labels.toString().getBytes(StandardCharsets.UTF_8);
    JavalinTest.test(app(config().withMaxLabelUploadBytes(1024)).javalin(), testConfig(), (server, client) -> {
      // A body from a stream has no Content-Length: the client sends it chunked.
      HttpRequest request = HttpRequest.newBuilder(URI.create(client.getOrigin() + "/training-set?snapshot=" + features.snapshotId()))
          .header("Content-Type", "text/csv")
          .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
          .build();
      HttpResponse<byte[]> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());

      assertThat(request.bodyPublisher().orElseThrow().contentLength()).isNegative();
      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(error(response)).contains("1024 bytes").contains("--workflow");
    });
    awaitTemporaryDirectories(before);
  }

  @Test
  void everyBadRequestIsNamedAndChangesNothing() throws Exception {
    int before = temporaryDirectories();
    byte[] labels = LABELS.getBytes(StandardCharsets.UTF_8);
    String snapshot = "snapshot=" + features.snapshotId();
    JavalinTest.test(app(config()).javalin(), testConfig(), (server, client) -> {
      String origin = client.getOrigin();
      assertError(post(origin, "/training-set", "text/csv", labels, null), 400, "Give one of model, snapshot, known_at");
      assertError(post(origin, "/training-set?model=" + model.modelVersion() + "&" + snapshot, "text/csv", labels, null),
          400, "at most one of model, snapshot, known_at");
      assertError(post(origin, "/training-set?" + snapshot + "&ttl=forever", "text/csv", labels, null), 400,
          "ttl 'forever' is not a duration");
      assertError(post(origin, "/training-set?snapshot=latest", "text/csv", labels, null), 400,
          "snapshot 'latest' is not a snapshot id");
      assertError(post(origin, "/training-set?known_at=yesterday", "text/csv", labels, null), 400,
          "known_at 'yesterday' is not an ISO-8601 instant");
      assertError(post(origin, "/training-set?" + snapshot + "&format=xlsx", "text/csv", labels, null), 400,
          "format 'xlsx' is not csv or parquet");
      assertError(post(origin, "/training-set?" + snapshot, "text/csv", new byte[0], null), 400, "The body is empty");
      assertError(post(origin, "/training-set?" + snapshot, "application/x-www-form-urlencoded", labels, null), 400,
          "Content-Type text/csv");
      String badRow = "user_id,label,as_of_ts\n1,0,2025-09-03T00:00:00Z\n1,0,next tuesday\n";
      HttpResponse<byte[]> bad = post(origin, "/training-set?" + snapshot, "text/csv", badRow.getBytes(StandardCharsets.UTF_8), null);
      assertError(bad, 400, "Label file (the request body) line 3: as_of_ts 'next tuesday' is not an ISO-8601 instant");
      assertThat(error(bad)).doesNotContain(TEMP.toString());
      assertError(post(origin, "/training-set?" + snapshot, "text/csv", "id,when\n1,2025-09-03\n".getBytes(StandardCharsets.UTF_8), null),
          400, "has no column user_id");
      assertError(post(origin, "/training-set?model=v19990101000000", "text/csv", labels, null), 404, "v19990101000000");
      assertError(post(origin, "/training-set?snapshot=12345", "text/csv", labels, null), 404,
          "Snapshot 12345 does not exist in table user_features");
    });
    awaitTemporaryDirectories(before);
  }

  @Test
  void withATokenConfiguredTheUploadNeedsIt() throws Exception {
    byte[] labels = LABELS.getBytes(StandardCharsets.UTF_8);
    String path = "/training-set?snapshot=" + features.snapshotId();
    JavalinTest.test(app(config().withToken("s3cret")).javalin(), testConfig(), (server, client) -> {
      assertError(post(client.getOrigin(), path, "text/csv", labels, null), 403, "FLOE_WEB_TOKEN");
      assertError(post(client.getOrigin(), path, "text/csv", labels, "wrong"), 403, "FLOE_WEB_TOKEN");
      HttpResponse<byte[]> allowed = post(client.getOrigin(), path, "text/csv", labels, "s3cret");
      assertThat(allowed.statusCode()).as(body(allowed)).isEqualTo(200);
      assertThat(header(allowed, TrainingSetHandler.ROWS_HEADER)).isEqualTo("6");
    });
  }

  private static HttpResponse<byte[]> post(String origin, String path, String contentType, byte[] body, String token)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + path))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static void assertError(HttpResponse<byte[]> response, int status, String message) throws Exception {
    assertThat(response.statusCode()).as(body(response)).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(error(response)).contains(message);
  }

  private static String error(HttpResponse<byte[]> response) throws Exception {
    JsonNode json = FloeJson.mapper().readTree(response.body());
    return json.get("error").asText();
  }

  private static String body(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  private static String header(HttpResponse<byte[]> response, String name) {
    return response.headers().firstValue(name).orElseThrow(() -> new AssertionError("no header " + name));
  }

  private Path write(String name, String text) throws Exception {
    return Files.writeString(files.resolve(name), text);
  }

  private static List<Map<String, Object>> rows(Path file) throws Exception {
    String quoted = "'" + file + "'";
    String relation = file.toString().endsWith(".csv") ? "read_csv(" + quoted + ", header = true)" : "read_parquet(" + quoted + ")";
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Connection connection = DuckDb.open(); Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT * FROM " + relation)) {
      ResultSetMetaData meta = result.getMetaData();
      while (result.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.put(meta.getColumnLabel(i), result.getObject(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static List<String> column(List<Map<String, Object>> rows, String name) {
    return rows.stream().map(row -> row.get(name) == null ? null : new java.math.BigDecimal(row.get(name).toString()).stripTrailingZeros().toPlainString()).toList();
  }

  private static int temporaryDirectories() throws Exception {
    try (Stream<Path> entries = Files.list(TEMP)) {
      return (int) entries.filter(entry -> entry.getFileName().toString().startsWith("floe-training-set-")).count();
    }
  }

  /** The directory goes when the response stream is closed, which may be just after the client has read it. */
  private static void awaitTemporaryDirectories(int expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (temporaryDirectories() > expected && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(temporaryDirectories()).as("temporary training-set directories left").isEqualTo(expected);
  }
}
