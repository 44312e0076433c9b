package dev.floe.features;

import static dev.floe.features.RawEventsFixture.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.catalog.TableCommits;
import dev.floe.engine.DuckDb;
import dev.floe.engine.SnapshotFiles;
import dev.floe.error.NotFoundException;
import dev.floe.features.RawEventsFixture.RawEvent;
import dev.floe.workflows.FeaturizeRequest;
import dev.floe.workflows.FeaturizeResult;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotChanges;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturizerTest {
  private static final LocalDate DAY_1 = LocalDate.parse("2025-09-01");

  @TempDir Path dataDir;

  private FloeCatalog catalog;
  private RawEventsFixture raw;
  private Featurizer featurizer;

  @BeforeEach
  void openCatalog() {
    catalog = FloeCatalog.open(dataDir);
    raw = new RawEventsFixture(catalog);
    featurizer = new Featurizer(catalog);
  }

  @AfterEach
  void closeCatalog() {
    catalog.close();
  }

  @Test
  void workedExampleDayByDay() {
    // DESIGN.md: spending 7, 7, 0, 0, 0, 4, 0, 0 on eight days; user 2 spends on day 8 so it is the
    // last date.
    raw.append(
        event(1, "7.00", "2025-09-01T10:00:00Z"),
        event(1, "7.00", "2025-09-02T10:00:00Z"),
        event(1, "4.00", "2025-09-06T10:00:00Z"),
        event(2, "1.00", "2025-09-08T10:00:00Z"));

    FeaturizeResult result = featurize();

    assertThat(rowsOfUser(result.snapshotId(), 1))
        .containsExactly(
            FeatureRow.of(1, "2025-09-01", "1.00"),
            FeatureRow.of(1, "2025-09-02", "2.00"),
            FeatureRow.of(1, "2025-09-03", "2.00"),
            FeatureRow.of(1, "2025-09-04", "2.00"),
            FeatureRow.of(1, "2025-09-05", "2.00"),
            FeatureRow.of(1, "2025-09-06", "2.57"),
            FeatureRow.of(1, "2025-09-07", "2.57"),
            FeatureRow.of(1, "2025-09-08", "1.57"));
    assertThat(result.committed()).isTrue();
    assertThat(result.rows()).isEqualTo(9);
    assertThat(result.rowsWritten()).isEqualTo(9);
    assertThat(result.datesRecomputed()).isEqualTo(8);
    assertThat(result.recomputedFrom()).isEqualTo(DAY_1);
    assertThat(result.recomputedTo()).isEqualTo(DAY_1.plusDays(7));
    assertThat(snapshot(result.snapshotId()).summary())
        .containsEntry(CommitLineage.RAW_SNAPSHOT_ID, Long.toString(result.rawSnapshotId()))
        .containsEntry(CommitLineage.ROWS, "9")
        .containsEntry(CommitLineage.STEP, "featurize");
  }

  @Test
  void sumsAreRoundedHalfUpExactlyInCents() {
    // Each user spends once on day 1; the day-1 mean is amount / 7, by hand:
    raw.append(
        event(1, "0.35", "2025-09-01T00:00:00Z"), // 0.05 exactly
        event(2, "0.03", "2025-09-01T00:00:00Z"), // 0.00428… -> 0.00
        event(3, "0.04", "2025-09-01T00:00:00Z"), // 0.00571… -> 0.01
        event(4, "0.10", "2025-09-01T00:00:00Z"), // 0.01428… -> 0.01
        event(5, "0.11", "2025-09-01T00:00:00Z"), // 0.01571… -> 0.02
        event(6, "10.00", "2025-09-01T00:00:00Z"), // 1.428571… -> 1.43
        event(7, "0.05", "2025-09-01T00:00:00Z"), // 0.00714… -> 0.01
        event(7, "0.05", "2025-09-01T12:00:00Z"), // user 7 day 1: 0.10 -> 0.01 (0.01428…)
        // 19999999999999.98 / 7 = 2857142857142.854285…: more digits than a double holds exactly.
        event(8, "9999999999999.99", "2025-09-01T00:00:00Z"),
        event(8, "9999999999999.99", "2025-09-01T01:00:00Z"));

    List<FeatureRow> day1 = rowsOn(featurize().snapshotId(), DAY_1);

    assertThat(day1)
        .containsExactly(
            FeatureRow.of(1, "2025-09-01", "0.05"),
            FeatureRow.of(2, "2025-09-01", "0.00"),
            FeatureRow.of(3, "2025-09-01", "0.01"),
            FeatureRow.of(4, "2025-09-01", "0.01"),
            FeatureRow.of(5, "2025-09-01", "0.02"),
            FeatureRow.of(6, "2025-09-01", "1.43"),
            FeatureRow.of(7, "2025-09-01", "0.01"),
            FeatureRow.of(8, "2025-09-01", "2857142857142.85"));
  }

  @Test
  void sevenDaySumsAcrossDaysRoundLikeTheOracle() {
    // Sums whose sevenths fall just below and just above half a cent, spread over several days.
    raw.append(
        event(1, "0.01", "2025-09-01T00:00:00Z"),
        event(1, "0.02", "2025-09-03T00:00:00Z"), // 0.03 / 7 -> 0.00
        event(1, "0.01", "2025-09-05T00:00:00Z"), // 0.04 / 7 -> 0.01
        event(1, "3.49", "2025-09-07T00:00:00Z"), // 3.53 / 7 = 0.50428… -> 0.50
        event(1, "0.01", "2025-09-08T00:00:00Z"), // 3.53 (0.01 of day 1 left the window) -> 0.50
        event(1, "0.01", "2025-09-09T00:00:00Z")); // 3.54 / 7 = 0.50571… -> 0.51

    List<FeatureRow> rows = rowsOfUser(featurize().snapshotId(), 1);

    assertThat(rows).isEqualTo(SpendingMeanOracle.features(raw.appended()));
    assertThat(rows.stream().map(row -> row.spendingMean7d().toPlainString()))
        .containsExactly("0.00", "0.00", "0.00", "0.00", "0.01", "0.01", "0.50", "0.50", "0.51");
  }

  @Test
  void eventsNearMidnightInFarZonesLandOnTheirUtcDate() {
    raw.append(
        // 2025-09-02 09:30 UTC, although it is still September 1st in Honolulu
        event(1, "7.00", "2025-09-01T23:30:00-10:00"),
        // 2025-09-01 10:15 UTC, although it is already September 2nd in Kiribati
        event(2, "7.00", "2025-09-02T00:15:00+14:00"),
        // the last microsecond of September 1st UTC, and the first of September 2nd
        event(3, "7.00", "2025-09-01T23:59:59.999999Z"),
        event(4, "7.00", "2025-09-02T00:00:00Z"),
        // 2025-09-03 00:30 UTC, written in New York where it is still September 2nd
        event(5, "7.00", "2025-09-02T20:30:00-04:00"));

    long snapshotId = featurize().snapshotId();

    assertThat(firstDates(snapshotId))
        .containsExactly(
            List.of(1L, LocalDate.parse("2025-09-02")),
            List.of(2L, LocalDate.parse("2025-09-01")),
            List.of(3L, LocalDate.parse("2025-09-01")),
            List.of(4L, LocalDate.parse("2025-09-02")),
            List.of(5L, LocalDate.parse("2025-09-03")));
    assertThat(rowsOn(snapshotId, LocalDate.parse("2025-09-01")))
        .containsExactly(
            FeatureRow.of(2, "2025-09-01", "1.00"), FeatureRow.of(3, "2025-09-01", "1.00"));
  }

  @Test
  void everyDateIsFilledAndSpendingDecaysToZeroAfterAUserStops() {
    raw.append(
        event(1, "14.00", "2025-09-01T12:00:00Z"),
        event(1, "7.00", "2025-09-03T12:00:00Z"),
        event(2, "1.00", "2025-09-15T12:00:00Z"));

    List<FeatureRow> rows = rowsOfUser(featurize().snapshotId(), 1);

    assertThat(rows)
        .extracting(FeatureRow::dt)
        .containsExactlyElementsOf(dates(DAY_1, DAY_1.plusDays(14)));
    assertThat(rows.stream().map(row -> row.spendingMean7d().toPlainString()))
        .containsExactly(
            "2.00", "2.00", "3.00", "3.00", "3.00", "3.00", "3.00", // days 1-7
            "1.00", "1.00", // day 1 left the window
            "0.00", "0.00", "0.00", "0.00", "0.00", "0.00"); // nothing in the window
  }

  @Test
  void aUserStartsOnTheirOwnFirstEventDate() {
    raw.append(
        event(1, "7.00", "2025-09-01T12:00:00Z"),
        event(2, "7.00", "2025-09-05T12:00:00Z"),
        event(1, "7.00", "2025-09-10T12:00:00Z"));

    long snapshotId = featurize().snapshotId();

    assertThat(rowsOfUser(snapshotId, 2))
        .extracting(FeatureRow::dt)
        .containsExactlyElementsOf(
            dates(LocalDate.parse("2025-09-05"), LocalDate.parse("2025-09-10")));
    assertThat(rowsOfUser(snapshotId, 2).get(0)).isEqualTo(FeatureRow.of(2, "2025-09-05", "1.00"));
    assertThat(rowsOfUser(snapshotId, 1)).hasSize(10);
  }

  @Test
  void lateEventsRecomputeExactlyTheDatesWhoseWindowTheyEnter() {
    raw.append(spread(0, 20, 5));
    featurize();

    // Late events for day 8 of an existing user, and for day 18 (its window runs past the last
    // date).
    raw.append(event(2, "13.37", "2025-09-08T05:00:00Z"));
    FeaturizeResult late = featurize();

    assertThat(late.committed()).isTrue();
    assertThat(datesWritten(late.snapshotId()))
        .containsExactlyElementsOf(dates(DAY_1.plusDays(7), DAY_1.plusDays(13)));
    assertThat(late.datesRecomputed()).isEqualTo(7);
    assertThat(late.recomputedFrom()).isEqualTo(DAY_1.plusDays(7));
    assertThat(late.recomputedTo()).isEqualTo(DAY_1.plusDays(13));
    assertThat(rows(late.snapshotId())).isEqualTo(SpendingMeanOracle.features(raw.appended()));
    assertThat(rows(late.snapshotId())).isEqualTo(featuresFromScratch());

    raw.append(event(3, "2.00", "2025-09-18T23:00:00Z"));
    FeaturizeResult nearEnd = featurize();
    assertThat(datesWritten(nearEnd.snapshotId()))
        .containsExactlyElementsOf(dates(DAY_1.plusDays(17), DAY_1.plusDays(19)));
    assertThat(rows(nearEnd.snapshotId())).isEqualTo(SpendingMeanOracle.features(raw.appended()));
  }

  @Test
  void newDatesGiveEveryUserItsDecayRow() {
    raw.append(spread(0, 10, 4));
    FeaturizeResult first = featurize();

    raw.append(event(0, "70.00", "2025-09-13T08:00:00Z"));
    FeaturizeResult next = featurize();

    // Dates 11 and 12 have no events at all, but the last date moved to 13: all three are new.
    assertThat(datesWritten(next.snapshotId()))
        .containsExactlyElementsOf(dates(DAY_1.plusDays(10), DAY_1.plusDays(12)));
    assertThat(rowsOn(next.snapshotId(), DAY_1.plusDays(11)))
        .extracting(FeatureRow::userId)
        .containsExactly(0L, 1L, 2L, 3L);
    assertThat(next.rows()).isEqualTo(first.rows() + 3 * 4);
    assertThat(rows(next.snapshotId())).isEqualTo(SpendingMeanOracle.features(raw.appended()));
  }

  @Test
  void aLateFirstEventGivesTheUserRowsOnEveryDateSince() {
    raw.append(spread(0, 20, 3));
    raw.append(event(7, "5.00", "2025-09-16T08:00:00Z"));
    featurize();

    // A new user's first event on day 3: rows on every date from day 3 to the last date.
    raw.append(event(9, "5.00", "2025-09-03T08:00:00Z"));
    FeaturizeResult newUser = featurize();
    assertThat(datesWritten(newUser.snapshotId()))
        .containsExactlyElementsOf(dates(DAY_1.plusDays(2), DAY_1.plusDays(19)));
    assertThat(rows(newUser.snapshotId())).isEqualTo(SpendingMeanOracle.features(raw.appended()));

    // User 7 (first seen on day 16) gets an event on day 2: new rows on days 2..15, the window only
    // reaches day 8.
    raw.append(event(7, "5.00", "2025-09-02T08:00:00Z"));
    FeaturizeResult earlier = featurize();
    assertThat(datesWritten(earlier.snapshotId()))
        .containsExactlyElementsOf(dates(DAY_1.plusDays(1), DAY_1.plusDays(14)));
    assertThat(rows(earlier.snapshotId())).isEqualTo(SpendingMeanOracle.features(raw.appended()));
  }

  @Test
  void randomAppendsMatchTheOracleAfterEveryIncrement() {
    Random random = new Random(20250917);
    for (int round = 0; round < 6; round++) {
      List<RawEvent> batch = new ArrayList<>();
      int events = 1 + random.nextInt(40);
      for (int i = 0; i < events; i++) {
        int day = random.nextInt(12 + 3 * round);
        int second = random.nextInt(86_400);
        String zone = List.of("Z", "+14:00", "-10:00", "+05:30").get(random.nextInt(4));
        String instant =
            DAY_1
                .plusDays(day)
                .atStartOfDay()
                .plusSeconds(second)
                .atOffset(java.time.ZoneOffset.UTC)
                .atZoneSameInstant(java.time.ZoneOffset.of(zone.equals("Z") ? "+00:00" : zone))
                .toOffsetDateTime()
                .toString();
        String amount = BigDecimal.valueOf(random.nextInt(100_000), 2).toPlainString();
        batch.add(event(random.nextInt(15), amount, instant));
      }
      raw.append(batch);

      FeaturizeResult result = featurize();

      assertThat(rows(result.snapshotId()))
          .as("round %d", round)
          .isEqualTo(SpendingMeanOracle.features(raw.appended()));
    }
    assertEveryFeatureSnapshotHasOneRowPerUserAndDate();
  }

  @Test
  void everySnapshotHasOneRowPerUserAndDate() {
    raw.append(spread(0, 15, 6));
    featurize();
    raw.append(event(2, "3.00", "2025-09-04T10:00:00Z"), event(11, "3.00", "2025-09-16T10:00:00Z"));
    featurize();
    raw.append(spread(10, 20, 3));
    featurize();

    assertThat(features().snapshots()).hasSize(3);
    assertEveryFeatureSnapshotHasOneRowPerUserAndDate();
  }

  @Test
  void featurizingTwiceCommitsOnce() {
    long rawSnapshot = raw.append(spread(0, 10, 3));
    FeaturizeResult first = featurize();

    FeaturizeResult second = featurize();

    assertThat(second.committed()).isFalse();
    assertThat(second.snapshotId()).isEqualTo(first.snapshotId());
    assertThat(second.rawSnapshotId()).isEqualTo(rawSnapshot);
    assertThat(second.rows()).isEqualTo(first.rows());
    assertThat(second.rowsWritten()).isZero();
    assertThat(second.recomputedFrom()).isNull();
    assertThat(features().snapshots()).hasSize(1);
  }

  @Test
  void aRawSnapshotThatAddedNoEventsCommitsNothing() {
    raw.append(spread(0, 10, 3));
    FeaturizeResult first = featurize();
    Table rawEvents = catalog.load(FloeTable.RAW_EVENTS);
    long empty =
        TableCommits.append(rawEvents, List.of(), CommitLineage.direct("test-append"), Map.of())
            .snapshotId();

    FeaturizeResult second = featurize();

    assertThat(second.committed()).isFalse();
    assertThat(second.snapshotId()).isEqualTo(first.snapshotId());
    assertThat(second.rawSnapshotId()).isEqualTo(empty);
    assertThat(features().snapshots()).hasSize(1);
  }

  @Test
  void aRetriedRunReturnsItsEarlierCommit() {
    raw.append(spread(0, 10, 3));
    CommitLineage lineage = new CommitLineage("pipeline-1", "run-1", "featurize");
    FeaturizeResult first = featurizer.featurize(new FeaturizeRequest(null), lineage);
    // More events land before the retry: the retry must still not commit a second time.
    raw.append(spread(10, 12, 3));

    FeaturizeResult retried = featurizer.featurize(new FeaturizeRequest(null), lineage);

    assertThat(retried).isEqualTo(first);
    assertThat(features().snapshots()).hasSize(1);
  }

  @Test
  void anOlderRawSnapshotCanBeFeaturized() {
    long older = raw.append(spread(0, 10, 3));
    List<RawEvent> olderEvents = raw.appended();
    long newer = raw.append(spread(5, 14, 4));
    featurize();

    FeaturizeResult backInTime =
        featurizer.featurize(new FeaturizeRequest(older), CommitLineage.direct("featurize"));

    assertThat(backInTime.rawSnapshotId()).isEqualTo(older);
    // Dates 11-14 exist only in the newer snapshot: they are dropped, not left behind.
    assertThat(rows(backInTime.snapshotId())).isEqualTo(SpendingMeanOracle.features(olderEvents));
    assertThat(snapshot(backInTime.snapshotId()).summary())
        .containsEntry(Featurizer.RECOMPUTE_SCOPE, "all");

    FeaturizeResult forward =
        featurizer.featurize(new FeaturizeRequest(newer), CommitLineage.direct("featurize"));
    assertThat(snapshot(forward.snapshotId()).summary())
        .containsEntry(Featurizer.RECOMPUTE_SCOPE, "dates");
    assertThat(rows(forward.snapshotId())).isEqualTo(SpendingMeanOracle.features(raw.appended()));
    assertEveryFeatureSnapshotHasOneRowPerUserAndDate();
  }

  @Test
  void anUnknownRawSnapshotIsNotFound() {
    raw.append(spread(0, 3, 2));

    assertThatThrownBy(
            () ->
                featurizer.featurize(new FeaturizeRequest(42L), CommitLineage.direct("featurize")))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("Snapshot 42 does not exist in table raw_events");
    assertThat(catalog.exists(FloeTable.USER_FEATURES)).isFalse();
  }

  @Test
  void aMissingRawEventsTableIsNotFound() {
    assertThatThrownBy(this::featurize)
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("raw_events does not exist");
    assertThat(catalog.exists(FloeTable.USER_FEATURES)).isFalse();
  }

  // --- helpers ---

  private FeaturizeResult featurize() {
    return featurizer.featurize(new FeaturizeRequest(null), CommitLineage.direct("featurize"));
  }

  /** The features of the same raw events appended at once into a fresh data directory. */
  private List<FeatureRow> featuresFromScratch() {
    try (FloeCatalog scratch = FloeCatalog.open(dataDir.resolve("scratch"))) {
      new RawEventsFixture(scratch).append(raw.appended());
      FeaturizeResult result =
          new Featurizer(scratch)
              .featurize(new FeaturizeRequest(null), CommitLineage.direct("featurize"));
      assertThat(result.recomputedFrom()).isEqualTo(DAY_1);
      return FeatureRow.read(
          SnapshotFiles.of(scratch.load(FloeTable.USER_FEATURES), result.snapshotId()), "true");
    }
  }

  /**
   * {@code users} users (ids 0..users-1) spending on every day in [fromDay, toDay) (0-based from
   * DAY_1), at varied hours and amounts.
   */
  private static List<RawEvent> spread(int fromDay, int toDay, int users) {
    List<RawEvent> events = new ArrayList<>();
    for (int day = fromDay; day < toDay; day++) {
      for (int user = 0; user < users; user++) {
        if ((day + user) % 3 == 0) {
          continue; // leave gaps so windows differ
        }
        String amount = BigDecimal.valueOf(100L + 37L * day + 11L * user, 2).toPlainString();
        events.add(
            event(
                user,
                amount,
                DAY_1.plusDays(day)
                    + "T"
                    + String.format("%02d", (day * 5 + user) % 24)
                    + ":17:00Z"));
      }
    }
    return events;
  }

  private Table features() {
    return catalog.load(FloeTable.USER_FEATURES);
  }

  private Snapshot snapshot(long snapshotId) {
    return features().snapshot(snapshotId);
  }

  private List<FeatureRow> rows(long snapshotId) {
    return FeatureRow.read(SnapshotFiles.of(features(), snapshotId), "true");
  }

  private List<FeatureRow> rowsOfUser(long snapshotId, long userId) {
    return FeatureRow.read(SnapshotFiles.of(features(), snapshotId), "user_id = " + userId);
  }

  private List<FeatureRow> rowsOn(long snapshotId, LocalDate dt) {
    return FeatureRow.read(SnapshotFiles.of(features(), snapshotId), "dt = DATE '" + dt + "'");
  }

  private List<List<Object>> firstDates(long snapshotId) {
    return rows(snapshotId).stream()
        .collect(
            Collectors.toMap(
                FeatureRow::userId,
                FeatureRow::dt,
                (a, b) -> a.isBefore(b) ? a : b,
                java.util.TreeMap::new))
        .entrySet()
        .stream()
        .map(entry -> List.<Object>of(entry.getKey(), entry.getValue()))
        .toList();
  }

  /** The dates of the partitions a snapshot wrote. */
  private Set<LocalDate> datesWritten(long snapshotId) {
    Table table = features();
    Set<LocalDate> dates = new TreeSet<>();
    for (DataFile file :
        SnapshotChanges.builderFor(table)
            .snapshot(table.snapshot(snapshotId))
            .build()
            .addedDataFiles()) {
      dates.add(LocalDate.ofEpochDay(file.partition().get(0, Integer.class)));
    }
    return dates;
  }

  private void assertEveryFeatureSnapshotHasOneRowPerUserAndDate() {
    Table table = features();
    for (Snapshot snapshot : table.snapshots()) {
      try (Connection duck = DuckDb.open();
          Statement statement = duck.createStatement();
          ResultSet result =
              statement.executeQuery(
                  "SELECT count(*), count(DISTINCT (user_id, dt)) FROM "
                      + SnapshotFiles.of(table, snapshot.snapshotId()).relation())) {
        result.next();
        assertThat(result.getLong(1)).as("rows of snapshot %d", snapshot.snapshotId()).isPositive();
        assertThat(result.getLong(2))
            .as("distinct (user_id, dt) of snapshot %d", snapshot.snapshotId())
            .isEqualTo(result.getLong(1));
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static List<LocalDate> dates(LocalDate from, LocalDate to) {
    List<LocalDate> dates = new ArrayList<>();
    for (LocalDate date = from; !date.isAfter(to); date = date.plusDays(1)) {
      dates.add(date);
    }
    return dates;
  }
}
