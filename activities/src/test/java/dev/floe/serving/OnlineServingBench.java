package dev.floe.serving;

import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import org.apache.iceberg.Table;

/**
 * Measures the online stores at the scale (100k users): materialize time, lookup latency
 * for 1 and 100 users through {@link OnlineFeatureService}, and freshness (a commit by another
 * catalog until the polling materializer serves it). A benchmark to run by hand, not a test:
 * {@code java -cp ... dev.floe.serving.OnlineServingBench DATA_DIR} on a data directory whose
 * user_features holds the features (for example the one TrainingSetBench builds).
 */
public final class OnlineServingBench {
  private OnlineServingBench() {}

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args[0]);
    try (FloeCatalog catalog = FloeCatalog.open(dataDir)) {
      measurePollCost(catalog);
      measure("embedded", catalog, dataDir, new EmbeddedOnlineStore());
      Path redisDir = Files.createTempDirectory("floe-redis-bench");
      try (RedisServer redis = RedisServer.start(redisDir)) {
        measure("redis", catalog, dataDir, RedisOnlineStore.connect(redis.uri(), "floe-bench"));
      }
    }
  }

  private static void measure(String name, FloeCatalog catalog, Path dataDir, OnlineStore store) throws Exception {
    try (store;
        OnlineMaterializer materializer = new OnlineMaterializer(catalog, store)) {
      MaterializeResult result = materializer.materializeCurrent();
      System.out.printf("%s: materialized %d users in %.2f s%n", name, result.users(), result.seconds());
      OnlineFeatureService service = new OnlineFeatureService(store, OnlineFeatureService.DEFAULT_TTL, Clock.systemUTC());
      for (int batch : new int[] {1, 100, 1000}) {
        int iterations = batch == 1000 ? 2_000 : 20_000;
        LookupLatency latency = LookupLatency.measure(service, result.users(), batch, iterations, 1);
        System.out.printf(
            "%s: %4d users per lookup: p50 %.3f ms, p99 %.3f ms (%d lookups)%n",
            name, batch, latency.p50Millis(), latency.p99Millis(), iterations);
      }
      materializer.startPolling(Duration.ofMillis(100));
      try (FloeCatalog other = FloeCatalog.open(dataDir)) {
        System.out.printf(
            "%s: commit to online visibility %d ms%n",
            name, OnlineVisibility.afterNextDay(other, store, Duration.ofMinutes(5)));
      }
    }
  }

  /**
   * What one tick of the polling materializer costs when nothing was committed: refreshing the
   * table (a catalog read of its metadata location) and finding the same current snapshot.
   */
  private static void measurePollCost(FloeCatalog catalog) {
    Table table = catalog.load(FloeTable.USER_FEATURES);
    int polls = 5_000;
    long[] nanos = new long[polls];
    for (int i = 0; i < polls + 500; i++) {
      long started = System.nanoTime();
      table.refresh();
      table.currentSnapshot();
      if (i >= 500) {
        nanos[i - 500] = System.nanoTime() - started;
      }
    }
    Arrays.sort(nanos);
    System.out.printf(
        "poll with nothing new (table refresh): p50 %.3f ms, p99 %.3f ms (%d polls)%n",
        nanos[polls / 2] / 1e6, nanos[(int) (polls * 0.99)] / 1e6, polls);
  }
}
