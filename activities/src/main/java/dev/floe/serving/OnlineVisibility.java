package dev.floe.serving;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.features.NextFeatureDay;
import java.time.Duration;
import org.apache.iceberg.Snapshot;

/**
 * Freshness, commit to online visibility: commits one more day of features through {@code writer}
 * (a catalog of its own, as another process would make the commit) and waits until {@code store},
 * kept current by a polling {@link OnlineMaterializer}, serves that snapshot. For benchmarks
 * ({@code floe bench}).
 */
public final class OnlineVisibility {
  private OnlineVisibility() {}

  /** Milliseconds from the commit's timestamp until the store served it. */
  public static long afterNextDay(FloeCatalog writer, OnlineStore store, Duration timeout) {
    requireNonNull(writer, "writer is null");
    requireNonNull(store, "store is null");
    requireNonNull(timeout, "timeout is null");
    Snapshot committed = NextFeatureDay.append(writer, CommitLineage.direct("bench"));
    long deadline = System.nanoTime() + timeout.toNanos();
    while (store.servedSnapshotId().orElse(-1) != committed.snapshotId()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "The online store did not serve snapshot " + committed.snapshotId() + " within " + timeout
                + ": is its materializer polling?");
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted waiting for snapshot " + committed.snapshotId(), e);
      }
    }
    return System.currentTimeMillis() - committed.timestampMillis();
  }
}
