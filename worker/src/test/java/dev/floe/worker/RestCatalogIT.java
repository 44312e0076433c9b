package dev.floe.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo story on an Iceberg REST catalog with S3 storage (real servers, see {@link
 * ObjectStoreCatalog}) gives exactly what it gives on the embedded catalog: features, threshold,
 * debug report, training data, training set, backfill.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestCatalogIT {
  @TempDir static Path temp;
  private static ObjectStoreCatalog servers;

  @BeforeAll
  static void startServers() throws Exception {
    servers = ObjectStoreCatalog.start(temp.resolve("servers"));
  }

  @AfterAll
  static void stopServers() {
    if (servers != null) {
      servers.close();
    }
  }

  @Test
  @Order(1)
  void theDemoStoryOnRestAndS3MatchesTheEmbeddedCatalog() throws Exception {
    Path labels = temp.resolve("labels.csv");
    Files.writeString(
        labels,
        "user_id,label,as_of_ts\n5,1,2025-09-10T12:00:00Z\n42,1,2025-08-25T00:00:00Z\n7,0,2025-09-17T08:00:00Z\n");
    Path events = temp.resolve("late-events.csv");
    Files.writeString(
        events,
        "id,user_id,amount,vendor_id,event_timestamp\n"
            + "900000001,5,12.50,3,2025-09-16T10:00:00Z\n"
            + "900000002,42,99.99,4,2025-09-17T23:59:59Z\n");

    Map<String, String> embedded = story(new FloeCli(temp.resolve("embedded")), labels, events, "embedded");
    FloeCli rest = new FloeCli(temp.resolve("rest-cache"), servers.floeEnvironment());
    Map<String, String> onRest = story(rest, labels, events, "rest");

    assertThat(onRest.keySet()).containsExactlyElementsOf(embedded.keySet());
    for (String step : embedded.keySet()) {
      assertThat(onRest.get(step)).as(step).isEqualTo(embedded.get(step));
    }
    // The tables are the REST catalog's: nothing was written to a local warehouse or catalog file.
    assertThat(temp.resolve("rest-cache/catalog.db")).doesNotExist();
    assertThat(temp.resolve("rest-cache/warehouse")).doesNotExist();
    assertThat(temp.resolve("servers/s3mock-data")).isNotEmptyDirectory();
  }

  @Test
  @Order(2) // on the tables the story left, which must stay as they are
  void anUnreachableObjectStoreIsAStorageFailureAndCommitsNothing() {
    Map<String, String> environment = new HashMap<>(servers.floeEnvironment());
    environment.put(FloeConfig.S3_ENDPOINT_ENV, "http://127.0.0.1:" + ObjectStoreCatalog.freePort());
    FloeCli wrongEndpoint = new FloeCli(temp.resolve("wrong-endpoint"), environment);
    FloeCli right = new FloeCli(temp.resolve("right-endpoint"), servers.floeEnvironment());
    String before = right.ok("snapshots", "raw_events").stdout();

    String stderr = wrongEndpoint.run(FloeCli.generateSmall()).assertFailedWith(ExitCode.STORAGE).stderr();

    assertThat(stderr).contains("cannot connect");
    assertOneLineWithoutCredentials(stderr);
    assertThat(right.ok("snapshots", "raw_events").stdout()).isEqualTo(before);
  }

  @Test
  @Order(3)
  void aWarehouseInAMissingBucketIsAStorageFailureNamingItAndCommitsNothing() throws Exception {
    try (ObjectStoreCatalog noBucket =
        ObjectStoreCatalog.start(temp.resolve("servers-no-bucket"), "s3://no-such-bucket/warehouse")) {
      Map<String, String> environment = new HashMap<>(noBucket.floeEnvironment());
      environment.remove(FloeConfig.WAREHOUSE_ENV); // the server's warehouse, in no bucket
      FloeCli cli = new FloeCli(temp.resolve("no-bucket"), environment);

      String stderr = cli.run(FloeCli.generateSmall()).assertFailedWith(ExitCode.STORAGE).stderr();

      assertThat(stderr).contains("the catalog server failed (NoSuchBucket: The specified bucket does not exist");
      assertOneLineWithoutCredentials(stderr);
      assertThat(cli.currentSnapshots()).allSatisfy((table, snapshot) -> assertThat(snapshot).as(table.name()).isNull());
    }
  }

  @Test
  @Order(4) // on the tables the story left, which must stay as they are
  void anAccessKeyWithoutASecretIsAStorageFailureAndCommitsNothing() {
    Map<String, String> environment = new HashMap<>(servers.floeEnvironment());
    environment.remove("AWS_SECRET_ACCESS_KEY");
    FloeCli withoutSecret = new FloeCli(temp.resolve("without-secret"), environment);
    FloeCli right = new FloeCli(temp.resolve("right-credentials"), servers.floeEnvironment());
    String before = right.ok("snapshots", "raw_events").stdout();

    String stderr = withoutSecret.run(FloeCli.generateSmall()).assertFailedWith(ExitCode.STORAGE).stderr();

    assertThat(stderr).contains("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
    assertOneLineWithoutCredentials(stderr);
    assertThat(right.ok("snapshots", "raw_events").stdout()).isEqualTo(before);
  }

  @Test
  @Order(5) // on the tables the story left, which must stay as they are
  void noCredentialsAnywhereIsAStorageFailureAndCommitsNothing() throws Exception {
    // A process of its own: the AWS SDK's default chain reads the real environment and ~/.aws.
    Path empty = Files.writeString(temp.resolve("empty-aws-file"), "");
    Map<String, String> environment = new HashMap<>(servers.floeEnvironment());
    environment.putAll(Map.of(
        "AWS_ACCESS_KEY_ID", "",
        "AWS_SECRET_ACCESS_KEY", "",
        "AWS_SESSION_TOKEN", "",
        "AWS_SHARED_CREDENTIALS_FILE", empty.toString(),
        "AWS_CONFIG_FILE", empty.toString(),
        "AWS_EC2_METADATA_DISABLED", "true"));
    FloeCli right = new FloeCli(temp.resolve("right-credentials"), servers.floeEnvironment());
    String before = right.ok("snapshots", "raw_events").stdout();

    int exitCode;
    String stderr;
    try (FloeProcess floe = FloeProcess.start(temp, "no-credentials", environment,
        "--data-dir", temp.resolve("no-credentials").toString(), "generate", "--users", "5", "--events", "50")) {
      exitCode = floe.awaitExit(3, TimeUnit.MINUTES);
      stderr = floe.stderr();
    }

    assertThat(exitCode).as(stderr).isEqualTo(ExitCode.STORAGE.code());
    assertThat(stderr).contains("no S3 credentials found").hasSizeLessThan(300);
    assertOneLineWithoutCredentials(stderr);
    assertThat(right.ok("snapshots", "raw_events").stdout()).isEqualTo(before);
  }

  private static void assertOneLineWithoutCredentials(String stderr) {
    assertThat(stderr.lines()).as(stderr).hasSize(1).allMatch(line -> line.startsWith("floe: "));
    assertThat(stderr).doesNotContain(ObjectStoreCatalog.SECRET_ACCESS_KEY, ObjectStoreCatalog.ACCESS_KEY_ID);
  }

  /** Every step of the story, as text with the run-specific ids (snapshots, versions, times) removed. */
  private static Map<String, String> story(FloeCli cli, Path labels, Path events, String name) throws Exception {
    Map<String, String> out = new LinkedHashMap<>();
    Path anomaly = Path.of("..", "anomaly_files", "single_user.json").toAbsolutePath().normalize();
    out.put("generate", stable(noSecrets(cli.ok(
        "generate", "--users", "300", "--events", "6000", "--days", "30", "--end-date", "2025-09-17",
        "--seed", "42", "--anomaly-file", anomaly.toString())).json(), "snapshot_id", "batch_snapshot_ids"));
    out.put("ingest", stable(noSecrets(cli.ok("ingest", events.toString())).json(), "snapshot_id"));
    out.put("featurize", stable(noSecrets(cli.ok("featurize")).json(), "snapshot_id", "raw_snapshot_id"));
    JsonNode trained = noSecrets(cli.ok("train")).json();
    String model = trained.get("model_version").asText();
    out.put("threshold", trained.get("model_card").get("decision_threshold").asText());
    out.put("train", stable(trained.get("model_card"), "model_version", "trained_at", "feature_snapshot_id",
        "raw_events_snapshot_id", "workflow_id", "run_id", "snapshot_id"));
    JsonNode debug = noSecrets(cli.ok(
        "debug", "--model", model, "--user", "42", "--amount", "573.10", "--as-of", "2025-08-24")).json();
    out.put("debug", stable(debug, "model_version", "trained_at", "feature_snapshot_id", "raw_events_snapshot_id"));
    out.put("training-data", noSecrets(cli.ok("training-data", model)).stdout());
    Path features = temp.resolve(name + "-features.csv");
    noSecrets(cli.ok("export-features", "--out", features.toString()));
    out.put("features", Files.readString(features));
    Path set = temp.resolve(name + "-set.csv");
    noSecrets(cli.ok("training-set", "--labels", labels.toString(), "--model", model, "--out", set.toString()));
    out.put("training-set", Files.readString(set));
    out.put("backfill", stable(noSecrets(cli.ok(
        "backfill", "--from", "2025-09-01", "--to", "2025-09-17", "--chunk-days", "5")).json(),
        "snapshot_id", "raw_snapshot_id", "workflow_id", "run_id"));
    Path after = temp.resolve(name + "-features-after-backfill.csv");
    noSecrets(cli.ok("export-features", "--out", after.toString()));
    out.put("features after backfill", Files.readString(after));
    return out;
  }

  private static FloeCli.Run noSecrets(FloeCli.Run run) {
    assertThat(run.stdout() + run.stderr())
        .doesNotContain(ObjectStoreCatalog.SECRET_ACCESS_KEY, ObjectStoreCatalog.ACCESS_KEY_ID);
    return run;
  }

  /** The document without the fields that name this run rather than its data, at any depth. */
  private static String stable(JsonNode document, String... runSpecific) {
    JsonNode copy = document.deepCopy();
    strip(copy, List.of(runSpecific));
    return copy.toPrettyString();
  }

  private static void strip(JsonNode node, List<String> fields) {
    if (node instanceof ObjectNode object) {
      object.remove(fields);
    }
    node.forEach(child -> strip(child, fields));
  }
}
