package dev.floe.serving;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.error.NotFoundException;
import dev.floe.pointintime.NewestRowsReader;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an {@link OnlineStore} on the latest {@code user_features} snapshot: the pipeline's
 * materialize step ({@link #materialize(long)}), and a poller for serving processes that picks up
 * commits made by any process. Polling is cheap: refreshing the table asks the catalog for its
 * metadata location and reads nothing more unless it changed.
 */
public final class OnlineMaterializer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OnlineMaterializer.class);

  private final FloeCatalog catalog;
  private final OnlineStore store;
  // One reader for the materializer's life: it keeps what it proved of earlier snapshots.
  private final NewestRowsReader newestRows;
  private ScheduledExecutorService poller;
  private Table table;
  // Touched only by the poller's one thread.
  private boolean failing;

  public OnlineMaterializer(FloeCatalog catalog, OnlineStore store) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.store = requireNonNull(store, "store is null");
    this.newestRows = new NewestRowsReader(catalog);
  }

  /** Publishes the table's current snapshot if the store does not serve it yet. */
  public synchronized MaterializeResult materializeCurrent() {
    Snapshot current = table().currentSnapshot();
    if (current == null) {
      throw new NotFoundException("Table user_features has no snapshot yet: run 'floe featurize' first");
    }
    return materialize(current);
  }

  /** Publishes snapshot {@code snapshotId} (normally the one a featurize step just committed). */
  public synchronized MaterializeResult materialize(long snapshotId) {
    Snapshot snapshot = table().snapshot(snapshotId);
    if (snapshot == null) {
      throw new NotFoundException("Snapshot " + snapshotId + " does not exist in table user_features");
    }
    return materialize(snapshot);
  }

  private MaterializeResult materialize(Snapshot snapshot) {
    long started = System.nanoTime();
    OptionalLong served = store.servedSnapshotId();
    if (served.isPresent() && served.getAsLong() == snapshot.snapshotId()) {
      return new MaterializeResult(snapshot.snapshotId(), true, false, 0, (System.nanoTime() - started) / 1e9);
    }
    NewestRowsReader.Read read = newestRows.read(snapshot.snapshotId());
    LatestFeatures latest = LatestFeatures.of(snapshot.snapshotId(), snapshot.sequenceNumber(), read.columns(), read.rows());
    double readSeconds = (System.nanoTime() - started) / 1e9;
    boolean published = store.publish(latest);
    double seconds = (System.nanoTime() - started) / 1e9;
    LOG.info("Materialized user_features snapshot {} ({} users) in {} s ({} s reading {}, {} older files read): {}",
        snapshot.snapshotId(), latest.size(), String.format("%.3f", seconds), String.format("%.3f", readSeconds),
        read.wholeSnapshot() ? "the whole snapshot" : "the two newest dates", read.olderFilesRead(),
        published ? "served" : "newer kept");
    return new MaterializeResult(snapshot.snapshotId(), published, published, latest.size(), seconds);
  }

  /**
   * Checks for a new current snapshot every {@code interval} on a background thread and publishes
   * it. A failed check is logged and retried at the next tick; it never stops the poller.
   */
  public synchronized void startPolling(Duration interval) {
    if (poller != null) {
      throw new IllegalStateException("Already polling");
    }
    poller =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "floe-online-materializer");
              thread.setDaemon(true);
              return thread;
            });
    poller.scheduleWithFixedDelay(this::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void poll() {
    try {
      synchronized (this) {
        Table polled = table();
        if (polled.currentSnapshot() != null) {
          materialize(polled.currentSnapshot());
        }
      }
      if (failing) {
        LOG.info("Online materialize works again");
        failing = false;
      }
    } catch (NotFoundException e) {
      LOG.debug("No user_features table to materialize yet: {}", e.getMessage());
    } catch (RuntimeException e) {
      // An outage (Redis down, the catalog locked) fails every tick: one warning with the trace
      // when it starts, one line when it ends, not ten stack traces a second in between.
      if (failing) {
        LOG.debug("Online materialize still failing: {}", e.getMessage());
        return;
      }
      LOG.warn("Online materialize failed; retrying every tick until it works: {}", e.getMessage(), e);
      failing = true;
    }
  }

  private Table table() {
    if (table == null) {
      table = catalog.load(FloeTable.USER_FEATURES);
    } else {
      table.refresh();
    }
    return table;
  }

  @Override
  public void close() {
    ScheduledExecutorService stopping;
    synchronized (this) {
      stopping = poller;
      poller = null;
    }
    if (stopping != null) {
      stopping.shutdownNow();
      try {
        stopping.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
