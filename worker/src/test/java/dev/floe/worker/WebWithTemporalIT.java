package dev.floe.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.workflows.FloeJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code floe web --temporal HOST:PORT}: a dashboard that runs no worker of its own, in front of a
 * Temporal server and a {@code floe worker} in other processes, as in production. A run started
 * from its API is executed by that worker, watched to completion through the dashboard, and its
 * features are then served online by the dashboard, which picks the worker's commit up itself.
 */
class WebWithTemporalIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dataDir;
  @TempDir Path logs;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void aRunStartedFromTheDashboardIsRunByASeparateWorkerAndItsFeaturesAreServed() throws Exception {
    runFromTheDashboard(Map.of(), dataDir, dataDir);
  }

  /**
   * The same on an Iceberg REST catalog with S3 storage: the worker and the dashboard share only the
   * catalog, each with its own data directory (its local cache of data files).
   */
  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void onARestCatalogTheWorkerAndTheDashboardShareTheTablesThroughIt() throws Exception {
    try (ObjectStoreCatalog servers = ObjectStoreCatalog.start(logs.resolve("servers"))) {
      runFromTheDashboard(servers.floeEnvironment(), dataDir.resolve("worker"), dataDir.resolve("web"));
    }
  }

  private void runFromTheDashboard(Map<String, String> environment, Path workerDataDir, Path webDataDir)
      throws Exception {
    try (FloeProcess server = FloeProcess.start(logs, "server", "server", "--port", "0")) {
      String target = server.awaitJson(60, TimeUnit.SECONDS).get("temporal").asText();
      try (FloeProcess worker = FloeProcess.start(logs, "worker", environment, "--data-dir", workerDataDir.toString(),
              "worker", "--temporal", target);
          // Once the worker is up: the test REST server's SQLite backend may refuse two processes
          // creating the namespace in the same instant (a server error, exit 6), not what this tests.
          FloeProcess web = startAfter(worker, environment, webDataDir, target)) {
        JsonNode started = web.awaitJson(60, TimeUnit.SECONDS);
        assertThat(started.get("embedded_temporal").asBoolean()).isFalse();
        assertThat(started.get("temporal").asText()).isEqualTo(target);
        URI dashboard = URI.create(started.get("url").asText());

        HttpResponse<String> created = HTTP.send(
            HttpRequest.newBuilder(dashboard.resolve("/api/runs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"source\": \"generate\", \"users\": 20, \"events\": 2000,"
                    + " \"days\": 20, \"end_date\": \"2025-09-17\", \"seed\": 5}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String workflowId = FloeJson.mapper().readTree(created.body()).get("workflow_id").asText();

        JsonNode run = awaitClosed(dashboard.resolve("/api/runs/" + workflowId), Duration.ofMinutes(3));
        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("COMPLETED");
        assertThat(run.get("model_version").asText()).startsWith("v");
        assertThat(run.get("completed_steps").toString())
            .isEqualTo("[\"generate\",\"featurize\",\"calibrate\",\"register\"]");

        // The worker committed the features; the dashboard's own online store finds them.
        JsonNode online = awaitFound(dashboard.resolve("/features/online/1"), Duration.ofSeconds(30));
        assertThat(online.get("dt").asText()).isEqualTo("2025-09-17");
        // Credentials reach the processes through their environment and never their logs.
        assertThat(worker.stderr() + web.stderr())
            .doesNotContain(ObjectStoreCatalog.SECRET_ACCESS_KEY, ObjectStoreCatalog.ACCESS_KEY_ID);
      }
    }
  }

  private FloeProcess startAfter(FloeProcess worker, Map<String, String> environment, Path webDataDir, String target)
      throws Exception {
    worker.awaitJson(2, TimeUnit.MINUTES);
    return FloeProcess.start(logs, "web", environment, "--data-dir", webDataDir.toString(),
        "web", "--port", "0", "--temporal", target);
  }

  private static JsonNode awaitClosed(URI status, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode run = get(status);
      if (!"RUNNING".equals(run.get("state").asText()) || System.nanoTime() > deadline) {
        return run;
      }
      Thread.sleep(200);
    }
  }

  private static JsonNode awaitFound(URI lookup, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode answer = get(lookup);
      if (answer.path("found").asBoolean() || System.nanoTime() > deadline) {
        assertThat(answer.path("found").asBoolean()).as(answer.toString()).isTrue();
        return answer;
      }
      Thread.sleep(100);
    }
  }

  private static JsonNode get(URI uri) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    return FloeJson.mapper().readTree(response.body());
  }
}
