package dev.floe.serving;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Latency of {@link OnlineFeatureService#lookup(List)} in this process (no HTTP), for batches of
 * {@code users} random user ids drawn from {@code [0, userCount)}: the median and the 99th
 * percentile over {@code lookups} timed calls, after a tenth as many untimed ones that warm the
 * code. For benchmarks ({@code floe bench}).
 */
public record LookupLatency(int users, int lookups, double p50Millis, double p99Millis) {
  public LookupLatency {
    if (users < 1 || lookups < 1) {
      throw new IllegalArgumentException(
          "Cannot measure " + lookups + " lookups of " + users + " users: both must be positive");
    }
  }

  public static LookupLatency measure(
      OnlineFeatureService service, long userCount, int users, int lookups, long seed) {
    requireNonNull(service, "service is null");
    if (userCount < 1 || userCount > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("Invalid user count: " + userCount);
    }
    int warmup = Math.max(1, lookups / 10);
    Random random = new Random(seed);
    long[] nanos = new long[lookups];
    for (int i = 0; i < warmup + lookups; i++) {
      List<Long> batch = new ArrayList<>(users);
      for (int u = 0; u < users; u++) {
        batch.add((long) random.nextInt((int) userCount));
      }
      long started = System.nanoTime();
      service.lookup(batch);
      long took = System.nanoTime() - started;
      if (i >= warmup) {
        nanos[i - warmup] = took;
      }
    }
    Arrays.sort(nanos);
    return new LookupLatency(
        users,
        lookups,
        nanos[lookups / 2] / 1e6,
        nanos[Math.min(lookups - 1, (int) (lookups * 0.99))] / 1e6);
  }
}
