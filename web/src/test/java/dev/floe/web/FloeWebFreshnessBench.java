package dev.floe.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.features.NextFeatureDay;
import dev.floe.catalog.FloeTable;
import dev.floe.serving.RedisServer;
import dev.floe.web.runs.InMemoryPipelineRuns;
import dev.floe.workflows.FloeJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.iceberg.Snapshot;

/**
 * Freshness through the real serving process: a {@link FloeWeb} on a data directory, a commit of
 * one more day for every user through a second catalog (as a featurize run in another process
 * makes), and the time until {@code GET /features/online/{user}} over HTTP answers from the new
 * snapshot. For the embedded store and for Redis written by the web process ({@code --materialize}).
 * A benchmark to run by hand: {@code java -cp ... dev.floe.web.FloeWebFreshnessBench DATA_DIR [ROUNDS]}
 * on a copy of a data directory (it appends days), for example the one TrainingSetBench builds.
 */
public final class FloeWebFreshnessBench {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private FloeWebFreshnessBench() {}

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    measure("embedded", dataDir, OnlineServing.embedded(), rounds);
    Path redisDir = Files.createTempDirectory("floe-redis-bench");
    try (RedisServer redis = RedisServer.start(redisDir)) {
      measure("redis", dataDir, OnlineServing.writtenByThisProcess(redis.uri().toString()), rounds);
    }
  }

  private static void measure(String name, Path dataDir, OnlineServing serving, int rounds) throws Exception {
    WebConfig config = WebConfig.defaults(dataDir).withToken(null).withPort(0).withOnlineServing(serving);
    long[] millis = new long[rounds];
    try (FloeWeb web = FloeWeb.start(config, new InMemoryPipelineRuns());
        FloeCatalog other = FloeCatalog.open(dataDir)) {
      awaitServed(web, other.load(FloeTable.USER_FEATURES).currentSnapshot().snapshotId());
      for (int round = 0; round < rounds; round++) {
        Snapshot committed = NextFeatureDay.append(other, CommitLineage.direct("bench"));
        awaitServed(web, committed.snapshotId());
        millis[round] = System.currentTimeMillis() - committed.timestampMillis();
        System.out.printf("%s: commit to online answer over HTTP %d ms%n", name, millis[round]);
      }
    }
    Arrays.sort(millis);
    System.out.printf("%s: median %d ms, max %d ms over %d commits%n", name, millis[rounds / 2], millis[rounds - 1], rounds);
  }

  private static void awaitServed(FloeWeb web, long snapshotId) throws Exception {
    URI uri = URI.create(web.url()).resolve("/features/online/1");
    while (true) {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        JsonNode answer = FloeJson.mapper().readTree(response.body());
        if (answer.get("snapshot_id").asLong() == snapshotId) {
          return;
        }
      }
      Thread.sleep(2);
    }
  }
}
