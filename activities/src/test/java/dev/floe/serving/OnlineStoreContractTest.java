package dev.floe.serving;

import static dev.floe.pointintime.FeatureTableFixture.row;
import static dev.floe.serving.ConsistentReaders.snapshotWhereEveryValueIs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.FloeCatalog;
import dev.floe.error.InvalidInputException;
import dev.floe.error.NotFoundException;
import dev.floe.pointintime.FeatureSnapshotChoice;
import dev.floe.pointintime.FeatureTableFixture;
import dev.floe.pointintime.FeatureValue;
import dev.floe.pointintime.NewestFeatureRows;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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

  /**
   * Parity at one instant: the online answer at {@code now} equals the offline point-in-time answer
   * {@code as_of=now} on the same snapshot, for every user, on one materialized store whose newest
   * date is "today" (2025-09-19): before midnight today's row is not known yet, after it is, and the
   * store switches between them by the clock alone.
   */
  @Test
  void theOnlineAnswerAtAnInstantEqualsTheOfflineAnswerAsOfThatInstantForEveryUser() throws Exception {
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
    // A user first seen today, and one whose rows are yesterday's and today's.
    rows.add(row(300, "2025-09-19", "3.00"));
    rows.add(row(301, "2025-09-18", "1.00"));
    rows.add(row(301, "2025-09-19", "2.00"));
    fixture.append(rows);
    // A later run recomputes two dates; one of them loses some users, so their rows have a gap.
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

    List<Instant> instants =
        List.of(
            Instant.parse("2025-09-19T00:00:00Z"), // yesterday's rows have just become known
            Instant.parse("2025-09-19T23:59:59Z"), // today's rows are not known yet
            Instant.parse("2025-09-20T00:00:00Z"), // now they are: no re-materialize in between
            Instant.parse("2025-09-22T10:00:00Z"));
    OfflineFeatures offline = new OfflineFeatures(catalog);
    List<Long> users = LongStream.range(0, 310).boxed().toList();
    for (Instant now : instants) {
      Map<Long, FeatureValue> expected = new HashMap<>();
      offline.asOf(now, FeatureSnapshotChoice.current()).features().forEach(f -> expected.put(f.userId(), f));
      OnlineFeaturesBatch online = service(now).lookup(users);
      assertThat(online.snapshotId()).isEqualTo(current.snapshotId());
      for (OnlineFeatures answer : online.features()) {
        String who = "user " + answer.userId() + " at " + now;
        FeatureValue offlineRow = expected.get(answer.userId());
        assertThat(answer.found()).as(who).isEqualTo(offlineRow != null);
        if (offlineRow != null) {
          assertThat(answer.dt()).as(who).isEqualTo(offlineRow.dt());
          assertThat(answer.spendingMean7d()).as(who).isEqualByComparingTo(offlineRow.spendingMean7d());
          assertThat(answer.ageSeconds()).as(who).isNotNegative();
          assertThat(answer.knownFrom()).as(who).isBeforeOrEqualTo(now);
        }
      }
      assertThat(online.features().stream().filter(OnlineFeatures::found)).hasSize(expected.size());
      for (long user : List.of(0L, 3L, 150L, 299L, 300L, 301L, 305L)) {
        OfflineLookup single = offline.lookup(user, now, FeatureSnapshotChoice.current());
        OnlineFeatures answer = service(now).lookup(user);
        assertThat(answer.found()).as("user " + user + " at " + now).isEqualTo(single.found());
        assertThat(answer.dt()).as("user " + user + " at " + now).isEqualTo(single.dt());
      }
    }

    OnlineFeatures beforeMidnight = service(Instant.parse("2025-09-19T23:59:59Z")).lookup(301);
    assertThat(beforeMidnight.dt()).isEqualTo(LocalDate.parse("2025-09-18"));
    assertThat(beforeMidnight.ageSeconds()).isEqualTo(Duration.ofDays(1).toSeconds() - 1);
    OnlineFeatures afterMidnight = service(Instant.parse("2025-09-20T00:00:00Z")).lookup(301);
    assertThat(afterMidnight.dt()).isEqualTo(LocalDate.parse("2025-09-19"));
    assertThat(afterMidnight.spendingMean7d()).isEqualByComparingTo("2.00");
    assertThat(afterMidnight.ageSeconds()).isZero();
  }

  @Test
  void aUserWhoseOnlyRowIsNotKnownYetIsNotFoundAndToldWhenItWillBe() {
    store.publish(LatestFeatures.of(7, 1, List.of(only(row(1, "2025-09-19", "3.00")), only(row(2, "2025-09-18", "2.00")))));

    OnlineFeatures early = service(Instant.parse("2025-09-19T12:00:00Z")).lookup(1);
    assertThat(early.found()).isFalse();
    assertThat(early.dt()).isNull();
    assertThat(early.spendingMean7d()).isNull();
    assertThat(early.ageSeconds()).isNull();
    assertThat(early.snapshotId()).isEqualTo(7);
    assertThat(early.firstRowKnownFrom()).isEqualTo(Instant.parse("2025-09-20T00:00:00Z"));
    OnlineFeatures known = service(Instant.parse("2025-09-19T12:00:00Z")).lookup(2);
    assertThat(known.found()).isTrue();
    assertThat(known.firstRowKnownFrom()).isNull();
    OnlineFeatures unknownUser = service(Instant.parse("2025-09-19T12:00:00Z")).lookup(3);
    assertThat(unknownUser.found()).isFalse();
    assertThat(unknownUser.firstRowKnownFrom()).isNull();

    OnlineFeatures atMidnight = service(Instant.parse("2025-09-20T00:00:00Z")).lookup(1);
    assertThat(atMidnight.found()).isTrue();
    assertThat(atMidnight.spendingMean7d()).isEqualByComparingTo("3.00");
    assertThat(atMidnight.firstRowKnownFrom()).isNull();
  }

  /** A user with a single row in the snapshot. */
  protected static NewestFeatureRows only(FeatureValue row) {
    return NewestFeatureRows.only(row);
  }

  @Test
  void aValuePastTheTtlIsFlaggedStale() {
    store.publish(LatestFeatures.of(7, 1, List.of(only(row(1, "2025-09-16", "4.20")))));
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
    store.publish(LatestFeatures.of(7, 1, List.of(only(row(1, "2025-09-18", "1.00")), only(row(2, "2025-09-19", "2.00")))));
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
    assertThat(store.publish(LatestFeatures.of(20, 5, List.of(only(row(1, "2025-09-18", "5.00")))))).isTrue();
    assertThat(store.publish(LatestFeatures.of(10, 4, List.of(only(row(1, "2025-09-17", "4.00")))))).isFalse();
    assertThat(store.servedSnapshotId()).hasValue(20);
    assertThat(store.read(List.of(1L)).found().get(1L).newest().spendingMean7d()).isEqualByComparingTo("5.00");
  }

  @Test
  void readersNeverSeeAMixOfTwoSnapshots() throws Exception {
    int users = 2_000;
    store.publish(snapshotWhereEveryValueIs(1, users));
    ConsistentReaders readers = ConsistentReaders.start(store, users);
    try (readers) {
      for (long id = 2; id <= 12; id++) {
        assertThat(store.publish(snapshotWhereEveryValueIs(id, users))).isTrue();
        Thread.sleep(10);
      }
    }
    assertThat(readers.problems()).isEmpty();
    assertThat(readers.reads()).isGreaterThan(10);
    assertThat(store.servedSnapshotId()).hasValue(12);
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
      assertThat(store.read(List.of(1L)).found().get(1L).newest().dt()).isEqualTo(LocalDate.parse("2025-09-18"));
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
