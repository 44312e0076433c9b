package dev.floe.web;

import static dev.floe.web.WebTesting.testConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.serving.EmbeddedOnlineStore;
import dev.floe.serving.OnlineMaterializer;
import dev.floe.web.runs.InMemoryPipelineRuns;
import dev.floe.workflows.FloeJson;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.iceberg.Snapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feature-serving routes and /metrics as the dashboard's server mounts them. */
class ServingRoutesTest {
  @TempDir Path dataDir;

  private FloeCatalog catalog;
  private EmbeddedOnlineStore store;
  private Snapshot first;
  private Snapshot second;
  private Instant betweenCommits;

  @BeforeEach
  void twoFeatureCommits() throws InterruptedException {
    catalog = FloeCatalog.open(dataDir);
    store = new EmbeddedOnlineStore();
    first = TableFixture.appendFeatures(catalog, "(1, '2025-09-16', 10.00), (2, '2025-09-16', 5.50)",
        new CommitLineage("wf-1", "run-1", "featurize"));
    Thread.sleep(20);
    betweenCommits = Instant.ofEpochMilli(first.timestampMillis() + 10);
    Thread.sleep(20);
    second = TableFixture.appendFeatures(catalog, "(1, '2025-09-17', 20.00)",
        new CommitLineage("wf-2", "run-2", "featurize"));
  }

  @AfterEach
  void close() {
    store.close();
    catalog.close();
  }

  @Test
  void aFeatureSelectionAddsAFeaturesObjectAndAnUnservedFeatureIsA400() {
    JavalinTest.test(app().javalin(), testConfig(), (server, client) -> {
      try (OnlineMaterializer materializer = new OnlineMaterializer(catalog, store)) {
        materializer.materializeCurrent();
      }
      JsonNode online = json(client.get("/features/online/1?features=spending_mean_7d"));
      assertThat(online.get("spending_mean_7d").decimalValue()).isEqualByComparingTo("20.00");
      assertThat(online.get("features").get("spending_mean_7d").decimalValue()).isEqualByComparingTo("20.00");
      assertThat(json(client.get("/features/online/1")).has("features")).isFalse();

      Response unserved = client.get("/features/online/1?features=spending_sum_7d");
      assertThat(unserved.code()).isEqualTo(400);
      assertThat(json(unserved).get("error").asText()).contains("'spending_sum_7d' is not served").contains("spending_mean_7d");
      assertThat(client.get("/features/online/1?features=a,,b").code()).isEqualTo(400);

      JsonNode offline = json(client.get("/features/offline/2?as_of=2025-09-18T00:00:00Z&features=spending_mean_7d"));
      assertThat(offline.get("features").get("spending_mean_7d").decimalValue()).isEqualByComparingTo("5.50");
      Response unknown = client.get("/features/offline/2?as_of=2025-09-18T00:00:00Z&features=spending_sum_7d");
      assertThat(unknown.code()).isEqualTo(400);
      assertThat(json(unknown).get("error").asText()).startsWith("Unknown feature 'spending_sum_7d'");
    });
  }

  private FloeWebApp app() {
    return new FloeWebApp(WebConfig.defaults(dataDir).withToken(null).withPort(0), catalog,
        new InMemoryPipelineRuns(), store);
  }

  @Test
  void onlineFeaturesServeTheNewestRowOfTheMaterializedSnapshot() {
    JavalinTest.test(app().javalin(), testConfig(), (server, client) -> {
      Response before = client.get("/features/online/1");
      assertThat(before.code()).isEqualTo(404);
      assertThat(json(before).get("error").asText()).contains("serves no feature snapshot yet");

      try (OnlineMaterializer materializer = new OnlineMaterializer(catalog, store)) {
        materializer.materializeCurrent();
      }
      Response one = client.get("/features/online/1");
      assertThat(one.code()).isEqualTo(200);
      assertThat(one.headers().get("Content-Type").get(0)).startsWith("application/json");
      JsonNode features = json(one);
      assertThat(features.get("found").asBoolean()).isTrue();
      assertThat(features.get("dt").asText()).isEqualTo("2025-09-17");
      assertThat(features.get("spending_mean_7d").decimalValue()).isEqualByComparingTo("20.00");
      assertThat(features.get("snapshot_id").asLong()).isEqualTo(second.snapshotId());

      Response batch = postJson(client, "{\"user_ids\": [2, 99, 1]}");
      assertThat(batch.code()).isEqualTo(200);
      JsonNode answers = json(batch).get("features");
      assertThat(answers).hasSize(3);
      assertThat(answers.get(0).get("spending_mean_7d").decimalValue()).isEqualByComparingTo("5.50");
      assertThat(answers.get(1).get("found").asBoolean()).isFalse();
      assertThat(answers.get(2).get("user_id").asLong()).isEqualTo(1);
    });
  }

  @Test
  void offlineFeaturesArePointInTimeAndKnownAtPicksTheSnapshot() {
    JavalinTest.test(app().javalin(), testConfig(), (server, client) -> {
      // The 2025-09-17 row becomes known at 2025-09-18T00:00Z; a second earlier the 09-16 row answers.
      JsonNode atMidnight = json(client.get("/features/offline/1?as_of=2025-09-18T00:00:00Z"));
      assertThat(atMidnight.get("dt").asText()).isEqualTo("2025-09-17");
      assertThat(atMidnight.get("spending_mean_7d").decimalValue()).isEqualByComparingTo("20.00");
      JsonNode secondBefore = json(client.get("/features/offline/1?as_of=2025-09-17T23:59:59Z"));
      assertThat(secondBefore.get("dt").asText()).isEqualTo("2025-09-16");

      String knownAt = betweenCommits.toString();
      JsonNode asKnownThen = json(client.get("/features/offline/1?as_of=2025-09-18T00:00:00Z&known_at=" + knownAt));
      assertThat(asKnownThen.get("feature_snapshot_id").asLong()).isEqualTo(first.snapshotId());
      assertThat(asKnownThen.get("dt").asText()).isEqualTo("2025-09-16");
    });
  }

  @Test
  void badServingInputIsA400InJsonAndNamesTheField() {
    JavalinTest.test(app().javalin(), testConfig(), (server, client) -> {
      Response badUser = client.get("/features/online/abc");
      assertThat(badUser.code()).isEqualTo(400);
      assertThat(json(badUser).get("error").asText()).contains("user_id 'abc'");

      Response badAsOf = client.get("/features/offline/1?as_of=yesterday");
      assertThat(badAsOf.code()).isEqualTo(400);
      assertThat(json(badAsOf).get("error").asText()).contains("as_of");

      Response badBody = postJson(client, "{\"user_ids\": \"all\"");
      assertThat(badBody.code()).isEqualTo(400);
      assertThat(json(badBody).get("error").asText()).contains("user_ids");
    });
  }

  @Test
  void metricsAreThePrometheusScrapeOfTheCatalog() {
    JavalinTest.test(app().javalin(), testConfig(), (server, client) -> {
      Response metrics = client.get("/metrics");
      assertThat(metrics.code()).isEqualTo(200);
      assertThat(metrics.headers().get("Content-Type").get(0)).startsWith("text/plain");
      String text = metrics.body().string();
      assertThat(text)
          .contains("# TYPE floe_table_last_commit_age_seconds gauge")
          .contains("floe_table_last_commit_age_seconds{table=\"raw_events\"} NaN")
          .containsPattern("floe_table_last_commit_age_seconds\\{table=\"user_features\"} [0-9.E]+\\n")
          .contains("floe_online_store_snapshot_lag");
    });
  }

  private static Response postJson(io.javalin.testtools.HttpClient client, String body) {
    return client.request("/features/online", request -> request
        .header("Content-Type", "application/json")
        .post(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** The body as exactly one JSON document: anything after it (a second body appended) fails. */
  private static JsonNode json(Response response) throws Exception {
    return FloeJson.mapper()
        .readerFor(JsonNode.class)
        .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .readValue(response.body().string());
  }
}
