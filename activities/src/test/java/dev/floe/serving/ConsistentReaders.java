package dev.floe.serving;

import dev.floe.pointintime.FeatureValue;
import dev.floe.pointintime.NewestFeatureRows;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

/**
 * Reader threads that read a store in a loop while a test publishes, cleans up or breaks things,
 * and note every read that is not exactly one whole snapshot made by {@link
 * #snapshotWhereEveryValueIs}: a missing user, or a value or date of another snapshot.
 */
final class ConsistentReaders implements AutoCloseable {
  private final OnlineStore store;
  private final List<Long> batch;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
  private final AtomicLong reads = new AtomicLong();
  private final List<Thread> threads = new ArrayList<>();

  private ConsistentReaders(OnlineStore store, List<Long> batch) {
    this.store = store;
    this.batch = batch;
  }

  /** Two readers of every other user among {@code users}, on a store that already serves a snapshot. */
  static ConsistentReaders start(OnlineStore store, int users) {
    ConsistentReaders readers =
        new ConsistentReaders(store, LongStream.range(0, Math.min(1_000, users / 2)).map(i -> i * 2).boxed().toList());
    for (int r = 0; r < 2; r++) {
      Thread reader = new Thread(readers::readUntilClosed, "consistent-reader-" + r);
      reader.start();
      readers.threads.add(reader);
    }
    return readers;
  }

  /**
   * Snapshot {@code id} of {@code users} users: each user's newest row has value {@code id} and a
   * date that encodes {@code id}, and the row before it the day before, so a mix of snapshots shows.
   */
  static LatestFeatures snapshotWhereEveryValueIs(long id, int users) {
    List<NewestFeatureRows> rows = new ArrayList<>();
    for (long user = 0; user < users; user++) {
      rows.add(
          new NewestFeatureRows(
              new FeatureValue(user, dateOf(id), BigDecimal.valueOf(id)),
              new FeatureValue(user, dateOf(id).minusDays(1), BigDecimal.valueOf(id))));
    }
    return LatestFeatures.of(id, id, rows);
  }

  private static LocalDate dateOf(long id) {
    return LocalDate.parse("2025-01-01").plusDays(id);
  }

  private void readUntilClosed() {
    while (running.get()) {
      try {
        check(store.read(batch));
      } catch (RuntimeException e) {
        problems.add("read failed: " + e);
      }
      reads.incrementAndGet();
    }
  }

  private void check(ServedFeatures served) {
    long id = served.snapshotId();
    if (served.found().size() != batch.size()) {
      problems.add("snapshot " + id + " answered " + served.found().size() + " of " + batch.size());
    }
    for (NewestFeatureRows rows : served.found().values()) {
      if (rows.newest().spendingMean7d().longValue() != id
          || !rows.newest().dt().equals(dateOf(id))
          || rows.earlier() == null
          || rows.earlier().spendingMean7d().longValue() != id
          || !rows.earlier().dt().equals(dateOf(id).minusDays(1))) {
        problems.add("snapshot " + id + " answered " + rows);
        return;
      }
    }
  }

  /** What went wrong so far; empty when every read was one whole snapshot. */
  List<String> problems() {
    return List.copyOf(problems);
  }

  long reads() {
    return reads.get();
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    for (Thread thread : threads) {
      thread.join();
    }
  }
}
