package dev.floe.serving;

import static dev.floe.pointintime.FeatureTableFixture.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.FloeCatalog;
import dev.floe.error.InvalidInputException;
import dev.floe.error.NotFoundException;
import dev.floe.pointintime.FeatureSnapshotChoice;
import dev.floe.pointintime.FeatureTableFixture;
import dev.floe.pointintime.FeatureValue;
import dev.floe.pointintime.FeaturesAsOf;
import dev.floe.pointintime.OfflineFeatures;
import dev.floe.pointintime.OfflineLookup;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.apache.iceberg.Snapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every online store must do; each store's test class runs these against a real instance. */
abstract class OnlineStoreContractTest {
  private static final Instant NOW = Instant.parse("2025-09-20T10:00:00Z");

  @TempDir Path dataDir;

  protected FloeCatalog catalog;
  protected OnlineStore store;

  /** A fresh, empty store. */
  protected abstract OnlineStore newStore() throws Exception;

  @BeforeEach
  void open() throws Exception {
    catalog = FloeCatalog.open(dataDir);
    store = newStore();
  }

  @AfterEach
  void close() {
    store.close();
    catalog.close();
  }

  private OnlineFeatureService service(Instant now) {
    return new OnlineFeatureService(store, OnlineFeatureService.DEFAULT_TTL, Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void afterFeaturesAreCommittedTheOnlineAnswerEqualsTheOfflineAnswerForEveryUser() throws Exception {
    Random random = new Random(11);
    FeatureTableFixture fixture = new FeatureTableFixture(catalog);
    LocalDate first = LocalDate.parse("2025-09-01");
    List<FeatureValue> rows = new ArrayList<>();
    for (long user = 0; user < 300; user++) {
      int start = random.nextInt(10);
      int end = start + random.nextInt(10);
      for (int day = start; day <= end; day++) {
        rows.add(new FeatureValue(user, first.plusDays(day), BigDecimal.valueOf(random.nextInt(50_000), 2)));
      }
    }
    fixture.append(rows);
    // A later run recomputes two dates; one of them loses some users, so their latest row moves back.
    List<FeatureValue> recomputed =
        rows.stream()
            .filter(r -> r.dt().equals(first.plusDays(9)) || (r.dt().equals(first.plusDays(8)) && r.userId() % 3 != 0))
            .map(r -> new FeatureValue(r.userId(), r.dt(), r.spendingMean7d().add(BigDecimal.ONE)))
            .toList();
    Snapshot current = fixture.replaceDates(recomputed);

    try (OnlineMaterializer materializer = new OnlineMaterializer(catalog, store)) {
      MaterializeResult result = materializer.materializeCurrent();
      assertThat(result.snapshotId()).isEqualTo(current.snapshotId());
      assertThat(result.published()).isTrue();
      assertThat(materializer.materializeCurrent().changed()).isFalse();
    }

    OfflineFeatures offline = new OfflineFeatures(catalog);
    FeaturesAsOf everyone = offline.asOf(NOW, FeatureSnapshotChoice.current());
    List<Long> users = LongStream.range(0, 310).boxed().toList();
    OnlineFeaturesBatch online = service(NOW).lookup(users);
    assertThat(online.snapshotId()).isEqualTo(current.snapshotId());
    Map<Long, FeatureValue> expected = new java.util.HashMap<>();
    everyone.features().forEach(f -> expected.put(f.userId(), f));
    for (OnlineFeatures answer : online.features()) {
      FeatureValue offlineRow = expected.get(answer.userId());
      assertThat(answer.found()).as("user " + answer.userId()).isEqualTo(offlineRow != null);
      if (offlineRow != null) {
        assertThat(answer.dt()).as("user " + answer.userId()).isEqualTo(offlineRow.dt());
        assertThat(answer.spendingMean7d()).as("user " + answer.userId()).isEqualByComparingTo(offlineRow.spendingMean7d());
      }
    }
    assertThat(online.features().stream().filter(OnlineFeatures::found)).hasSize(300);
    for (long user : List.of(0L, 3L, 150L, 299L, 305L)) {
      OfflineLookup single = offline.lookup(user, NOW, FeatureSnapshotChoice.current());
      OnlineFeatures answer = service(NOW).lookup(user);
      assertThat(answer.dt()).isEqualTo(single.dt());
      assertThat(answer.found()).isEqualTo(single.found());
    }
  }

  @Test
  void aValuePastTheTtlIsFlaggedStale() {
    store.publish(LatestFeatures.of(7, 1, List.of(row(1, "2025-09-16", "4.20"))));
    // Known from 2025-09-17T00:00Z; the default TTL is two days.
    OnlineFeatures fresh = service(Instant.parse("2025-09-19T00:00:00Z")).lookup(1);
    assertThat(fresh.stale()).isFalse();
    assertThat(fresh.ageSeconds()).isEqualTo(Duration.ofDays(2).toSeconds());
    assertThat(fresh.knownFrom()).isEqualTo(Instant.parse("2025-09-17T00:00:00Z"));
    assertThat(fresh.snapshotId()).isEqualTo(7);
    assertThat(fresh.spendingMean7d()).isEqualByComparingTo("4.20");
    OnlineFeatures stale = service(Instant.parse("2025-09-19T00:00:01Z")).lookup(1);
    assertThat(stale.stale()).isTrue();
    assertThat(stale.spendingMean7d()).isEqualByComparingTo("4.20");
  }

  @Test
  void aBatchIsAnsweredInOrderWithDuplicatesAndUnknownUsersAndIsLimitedToOneThousand() {
    assertThatThrownBy(() -> service(NOW).lookup(1)).isInstanceOf(NotFoundException.class);
    store.publish(LatestFeatures.of(7, 1, List.of(row(1, "2025-09-18", "1.00"), row(2, "2025-09-19", "2.00"))));
    OnlineFeaturesBatch batch = service(NOW).lookup(List.of(2L, 99L, 1L, 2L));
    assertThat(batch.features()).extracting(OnlineFeatures::userId).containsExactly(2L, 99L, 1L, 2L);
    assertThat(batch.features()).extracting(OnlineFeatures::found).containsExactly(true, false, true, true);
    assertThat(batch.features().get(1).dt()).isNull();
    assertThat(batch.features().get(1).snapshotId()).isEqualTo(7);
    List<Long> thousand = LongStream.range(0, 1_000).boxed().toList();
    assertThat(service(NOW).lookup(thousand).features()).hasSize(1_000);
    List<Long> tooMany = LongStream.range(0, 1_001).boxed().toList();
    assertThatThrownBy(() -> service(NOW).lookup(tooMany))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("1 to 1000");
    assertThatThrownBy(() -> service(NOW).lookup(List.of())).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void anOlderSnapshotNeverReplacesANewerOne() {
    assertThat(store.publish(LatestFeatures.of(20, 5, List.of(row(1, "2025-09-18", "5.00"))))).isTrue();
    assertThat(store.publish(LatestFeatures.of(10, 4, List.of(row(1, "2025-09-17", "4.00"))))).isFalse();
    assertThat(store.servedSnapshotId()).hasValue(20);
    assertThat(store.read(List.of(1L)).found().get(1L).spendingMean7d()).isEqualByComparingTo("5.00");
  }

  @Test
  void readersNeverSeeAMixOfTwoSnapshots() throws Exception {
    int users = 2_000;
    List<Long> batch = LongStream.range(0, 1_000).map(i -> i * 2).boxed().toList();
    store.publish(snapshotWhereEveryValueIs(1, users));
    AtomicBoolean running = new AtomicBoolean(true);
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    AtomicLong reads = new AtomicLong();
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      Thread reader =
          new Thread(
              () -> {
                while (running.get()) {
                  ServedFeatures served = store.read(batch);
                  long id = served.snapshotId();
                  if (served.found().size() != batch.size()) {
                    problems.add("snapshot " + id + " answered " + served.found().size() + " of " + batch.size());
                  }
                  for (FeatureValue value : served.found().values()) {
                    if (value.spendingMean7d().longValue() != id || !value.dt().equals(dateOf(id))) {
                      problems.add("snapshot " + id + " answered " + value);
                      break;
                    }
                  }
                  reads.incrementAndGet();
                }
              });
      reader.start();
      readers.add(reader);
    }
    for (long id = 2; id <= 12; id++) {
      assertThat(store.publish(snapshotWhereEveryValueIs(id, users))).isTrue();
      Thread.sleep(10);
    }
    running.set(false);
    for (Thread reader : readers) {
      reader.join();
    }
    assertThat(problems).isEmpty();
    assertThat(reads.get()).isGreaterThan(10);
    assertThat(store.servedSnapshotId()).hasValue(12);
  }

  /** Snapshot {@code id}: every user's value is {@code id} and its date encodes {@code id}, so a mix shows. */
  protected static LatestFeatures snapshotWhereEveryValueIs(long id, int users) {
    List<FeatureValue> rows = new ArrayList<>();
    for (long user = 0; user < users; user++) {
      rows.add(new FeatureValue(user, dateOf(id), BigDecimal.valueOf(id)));
    }
    return LatestFeatures.of(id, id, rows);
  }

  private static LocalDate dateOf(long id) {
    return LocalDate.parse("2025-01-01").plusDays(id);
  }

  @Test
  void pollingPicksUpACommitMadeThroughAnotherCatalog() throws Exception {
    FeatureTableFixture fixture = new FeatureTableFixture(catalog);
    fixture.append(List.of(row(1, "2025-09-17", "1.00")));
    try (OnlineMaterializer materializer = new OnlineMaterializer(catalog, store)) {
      materializer.startPolling(Duration.ofMillis(50));
      awaitServed(catalog.load(dev.floe.catalog.FloeTable.USER_FEATURES).currentSnapshot().snapshotId());
      // Another process: its own catalog on the same data directory.
      Snapshot committed;
      try (FloeCatalog other = FloeCatalog.open(dataDir)) {
        committed = new FeatureTableFixture(other).append(List.of(row(1, "2025-09-18", "2.00")));
      }
      long visibleAfter = awaitServed(committed.snapshotId()) - committed.timestampMillis();
      assertThat(store.read(List.of(1L)).found().get(1L).dt()).isEqualTo(LocalDate.parse("2025-09-18"));
      assertThat(visibleAfter).as("milliseconds from commit to online visibility").isLessThan(5_000);
    }
  }

  private long awaitServed(long snapshotId) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      if (store.servedSnapshotId().orElse(-1) == snapshotId) {
        return System.currentTimeMillis();
      }
      Thread.sleep(5);
    }
    throw new AssertionError("snapshot " + snapshotId + " was not served within 10 s");
  }
}
