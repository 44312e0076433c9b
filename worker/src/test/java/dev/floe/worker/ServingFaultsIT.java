package dev.floe.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.serving.RedisServer;
import dev.floe.workflows.FloeJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code floe web} in its own process while what it stands on fails: Redis stops and comes back
 * empty, another process locks the SQLite catalog. Every failure is a clear 503 naming what is
 * down; what does not depend on the failed part keeps answering; and the process recovers by
 * itself, without a restart.
 */
class ServingFaultsIT {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dataDir;
  @TempDir Path logs;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void theOnlineApiAnswers503WhileRedisIsDownAndRecoversWithoutARestart() throws Exception {
    new FloeCli(dataDir).ok(FloeCli.generateSmall());
    new FloeCli(dataDir).ok("featurize");
    try (RedisServer redis = RedisServer.start(logs);
        FloeProcess web = FloeProcess.start(logs, "web", "--data-dir", dataDir.toString(),
            "web", "--port", "0", "--online-store", redis.uri().toString(), "--materialize")) {
      URI dashboard = URI.create(web.awaitJson(60, TimeUnit.SECONDS).get("url").asText());
      URI online = dashboard.resolve("/features/online/7");
      JsonNode before = awaitStatus(online, 200, Duration.ofSeconds(30)).json();
      assertThat(before.get("found").asBoolean()).as(before.toString()).isTrue();

      redis.stop();
      Answer down = get(online);
      assertThat(down.status()).as(down.body()).isEqualTo(503);
      assertThat(down.retryAfter()).isEqualTo("1");
      assertThat(down.json().get("error").asText()).contains("Redis").doesNotContain("\tat ");
      Answer offline = get(dashboard.resolve("/features/offline/7?as_of=2025-09-18T00:00:00Z"));
      assertThat(offline.status()).as("offline features do not need Redis: " + offline.body()).isEqualTo(200);

      // Back, but empty: the web process's materializer finds Redis serving nothing and publishes again.
      redis.startAgain();
      JsonNode after = awaitStatus(online, 200, Duration.ofSeconds(30)).json();
      assertThat(after.get("found").asBoolean()).isTrue();
      assertThat(after.get("spending_mean_7d")).isEqualTo(before.get("spending_mean_7d"));
      assertThat(after.get("snapshot_id")).isEqualTo(before.get("snapshot_id"));
    }
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void aLockedCatalogIsA503WhileOnlineServingGoesOnAndPagesRecoverOnceItIsFree() throws Exception {
    FloeCli cli = new FloeCli(dataDir);
    cli.trainedModel();
    try (FloeProcess web = FloeProcess.start(logs, "web", "--data-dir", dataDir.toString(), "web", "--port", "0")) {
      URI dashboard = URI.create(web.awaitJson(60, TimeUnit.SECONDS).get("url").asText());
      URI models = dashboard.resolve("/api/models");
      URI online = dashboard.resolve("/features/online/7");
      assertThat(get(models).status()).isEqualTo(200);
      awaitStatus(online, 200, Duration.ofSeconds(30));

      Answer locked;
      try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("catalog.db"));
          Statement statement = holder.createStatement()) {
        statement.execute("BEGIN EXCLUSIVE");
        locked = get(models);
        Answer served = get(online);
        assertThat(served.status()).as("online serving does not need the catalog: " + served.body()).isEqualTo(200);
        statement.execute("ROLLBACK");
      }
      assertThat(locked.status()).as(locked.body()).isEqualTo(503);
      assertThat(locked.json().get("error").asText()).contains("catalog").contains("locked");

      Answer free = get(models);
      assertThat(free.status()).as(free.body()).isEqualTo(200);
      assertThat(free.json()).hasSize(1);
    }
  }

  private record Answer(int status, String body, String retryAfter) {
    JsonNode json() throws Exception {
      return FloeJson.mapper().readTree(body);
    }
  }

  private static Answer get(URI uri) throws Exception {
    HttpResponse<String> response = HTTP.send(
        HttpRequest.newBuilder(uri).header("Accept", "application/json").timeout(Duration.ofSeconds(90)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body(), response.headers().firstValue("Retry-After").orElse(null));
  }

  private static Answer awaitStatus(URI uri, int status, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Answer answer = get(uri);
      boolean found = answer.status() != 200 || answer.json().path("found").asBoolean();
      if ((answer.status() == status && found) || System.nanoTime() > deadline) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        return answer;
      }
      Thread.sleep(100);
    }
  }
}
