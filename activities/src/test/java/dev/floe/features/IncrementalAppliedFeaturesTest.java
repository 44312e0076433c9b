package dev.floe.features;

import static dev.floe.features.RawEventsFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.engine.SnapshotFiles;
import dev.floe.features.RawEventsFixture.RawEvent;
import dev.floe.features.registry.FeatureDefinitions;
import dev.floe.features.registry.FeatureRegistry;
import dev.floe.workflows.FeaturizeRequest;
import dev.floe.workflows.FeaturizeResult;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.expressions.Expressions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Featurize with applied features after appends recomputes only the dates the appends reach, and
 * gives exactly the rows a full recompute of the same raw snapshot gives: every column, value and
 * type, compared against a second store that featurizes everything in one run.
 */
class IncrementalAppliedFeaturesTest {
  private static final Path SHIPPED = Path.of("..", "features");
  private static final LocalDate DAY_1 = LocalDate.parse("2025-09-01");

  @TempDir Path incrementalDir;
  @TempDir Path fullDir;
  @TempDir Path folder;

  private Store incremental;
  private Store full;

  /** A catalog with its raw events fixture. */
  private record Store(FloeCatalog catalog, RawEventsFixture raw) {
    static Store open(Path dataDir) {
      FloeCatalog catalog = FloeCatalog.open(dataDir);
      return new Store(catalog, new RawEventsFixture(catalog));
    }

    FeaturizeResult featurize() {
      return new Featurizer(catalog)
          .featurize(new FeaturizeRequest(null), CommitLineage.direct("featurize"));
    }

    Snapshot current() {
      return catalog.load(FloeTable.USER_FEATURES).currentSnapshot();
    }
  }

  @BeforeEach
  void openStores() throws IOException {
    incremental = Store.open(incrementalDir);
    full = Store.open(fullDir);
    try (var files = Files.list(SHIPPED)) {
      for (Path file : files.toList()) {
        Files.copy(file, folder.resolve(file.getFileName()));
      }
    }
    Files.writeString(
        folder.resolve("spending_min_3d.json"),
        """
        {"name": "spending_min_3d", "entity": "user_id", "source": "raw_events", "aggregation": "min",
         "column": "amount", "window_days": 3, "type": "decimal(15,2)",
         "description": "Smallest amount in 3 days.", "owner": "fraud-team"}
        """);
  }

  @AfterEach
  void closeStores() {
    incremental.catalog().close();
    full.catalog().close();
  }

  @Test
  void lateEventsOnOldDatesRecomputeOnlyTheDatesTheirWindowsReach() {
    start(spread(0, 60));

    FeaturizeResult result = appendAndCompare(event(3, "12.34", "2025-09-05T10:00:00Z", 7));

    assertThat(incremental.current().summary()).containsEntry(Featurizer.RECOMPUTE_SCOPE, "dates");
    // The 30-day windows of 2025-09-05 end on 2025-10-04, and no user's first event moved.
    assertThat(result.recomputedFrom()).isEqualTo(LocalDate.parse("2025-09-05"));
    assertThat(result.recomputedTo()).isEqualTo(LocalDate.parse("2025-10-04"));
    assertThat(result.datesRecomputed()).isEqualTo(30);
  }

  @Test
  void newDatesAfterAGapAreComputedExactly() {
    start(spread(0, 20));

    FeaturizeResult result =
        appendAndCompare(
            event(2, "5.00", "2025-11-15T10:00:00Z", 3), event(99, "1.00", "2025-11-16T23:59:59Z", 4));

    assertThat(incremental.current().summary()).containsEntry(Featurizer.RECOMPUTE_SCOPE, "dates");
    assertThat(result.recomputedFrom()).isEqualTo(LocalDate.parse("2025-09-21"));
    assertThat(result.recomputedTo()).isEqualTo(LocalDate.parse("2025-11-16"));
  }

  @Test
  void aFirstEventMovedEarlierByLateDataChangesEveryLaterDateOfThatUser() {
    start(spread(40, 80));

    // User 4's first event moves back 40 days: days since the first event changes on every date.
    FeaturizeResult result = appendAndCompare(event(4, "2.50", "2025-09-02T08:00:00Z", 9));

    assertThat(incremental.current().summary()).containsEntry(Featurizer.RECOMPUTE_SCOPE, "dates");
    assertThat(result.recomputedFrom()).isEqualTo(LocalDate.parse("2025-09-02"));
    assertThat(result.recomputedTo()).isEqualTo(LocalDate.parse("2025-11-19"));
  }

  @Test
  void aNewUserWithOnlyOldEventsGetsRowsToTheLastDate() {
    start(spread(0, 60));

    appendAndCompare(event(500, "9.99", "2025-09-03T23:00:00-10:00", 1));
  }

  @Test
  void randomAppendsEqualAFullRecomputeAfterEveryIncrement() {
    randomAppendsEqualAFullRecompute(new Random(20261204));
  }

  @Test
  void withoutDaysSinceFirstFeatureRowsProveEarlierFirstEventsAndStillEqualAFullRecompute()
      throws IOException {
    // No value depends on the first event date: earlier feature rows stand in for the events
    // before each range's windows, as for spending_mean_7d alone, here over 30-day windows.
    Files.delete(folder.resolve("days_since_first_transaction.json"));
    randomAppendsEqualAFullRecompute(new Random(20261205));
  }

  private void randomAppendsEqualAFullRecompute(Random random) {
    start(spread(0, 10));
    for (int round = 0; round < 5; round++) {
      List<RawEvent> batch = new ArrayList<>();
      int events = 1 + random.nextInt(30);
      for (int i = 0; i < events; i++) {
        String zone = List.of("+00:00", "+14:00", "-10:00", "+05:30").get(random.nextInt(4));
        String instant =
            DAY_1
                .plusDays(random.nextInt(20 + 15 * round))
                .atStartOfDay()
                .plusSeconds(random.nextInt(86_400))
                .atOffset(ZoneOffset.UTC)
                .atZoneSameInstant(ZoneOffset.of(zone))
                .toOffsetDateTime()
                .toString();
        String amount = BigDecimal.valueOf(random.nextInt(200_000) - 20_000, 2).toPlainString();
        batch.add(event(random.nextInt(25), amount, instant, random.nextInt(6)));
      }
      appendAndCompare(batch.toArray(RawEvent[]::new));
    }
  }

  @Test
  void featurizingAgainOrRetryingCommitsNothingMore() {
    start(spread(0, 20));
    incremental.raw().append(event(1, "1.00", "2025-09-10T10:00:00Z", 1));
    CommitLineage lineage = new CommitLineage("pipeline-1", "run-1", "featurize");
    Featurizer featurizer = new Featurizer(incremental.catalog());
    FeaturizeResult first = featurizer.featurize(new FeaturizeRequest(null), lineage);
    int snapshots = snapshotCount();

    assertThat(featurizer.featurize(new FeaturizeRequest(null), lineage)).isEqualTo(first);
    assertThat(incremental.featurize().committed()).isFalse();
    assertThat(snapshotCount()).isEqualTo(snapshots);
  }

  /** Both stores get the events; the incremental one featurizes them, the full one is left. */
  private void start(List<RawEvent> events) {
    incremental.raw().append(events);
    apply(incremental);
    assertThat(incremental.featurize().committed()).isTrue();
    full.raw().append(events);
    apply(full);
  }

  /**
   * Appends the events to both stores, featurizes the incremental one on top of its features and
   * the full one from nothing, and asserts both tables hold the same rows.
   */
  private FeaturizeResult appendAndCompare(RawEvent... events) {
    incremental.raw().append(events);
    full.raw().append(events);
    FeaturizeResult result = incremental.featurize();
    assertThat(result.committed()).isTrue();
    // The reference store holds no features (or deleted them all): it recomputes every date.
    FeaturizeResult reference = full.featurize();
    assertThat(full.current().summary()).containsEntry(Featurizer.RECOMPUTE_SCOPE, "all");
    assertThat(rows(incremental, result.snapshotId())).isEqualTo(rows(full, reference.snapshotId()));
    // The next round's reference recomputes everything again.
    dropFeatures(full);
    return result;
  }

  private void dropFeatures(Store store) {
    store
        .catalog()
        .load(FloeTable.USER_FEATURES)
        .newDelete()
        .deleteFromRowFilter(Expressions.alwaysTrue())
        .commit();
  }

  private void apply(Store store) {
    new FeatureRegistry(store.catalog())
        .apply(FeatureDefinitions.load(folder), CommitLineage.direct("features-apply"));
  }

  private int snapshotCount() {
    int count = 0;
    for (Snapshot ignored : incremental.catalog().load(FloeTable.USER_FEATURES).snapshots()) {
      count++;
    }
    return count;
  }

  private static List<String> rows(Store store, long snapshotId) {
    return FeatureRow.readAllColumns(
        SnapshotFiles.of(store.catalog().load(FloeTable.USER_FEATURES), snapshotId), "true");
  }

  /** Users 1..12 spending on every third day of [from, to) days after DAY_1, on varying vendors. */
  static List<RawEvent> spread(int from, int to) {
    List<RawEvent> events = new ArrayList<>();
    for (int day = from; day < to; day++) {
      for (int user = 1; user <= 12; user++) {
        if ((day + user) % 3 == 0) {
          String instant = DAY_1.plusDays(day).atTime(user, 30).atOffset(ZoneOffset.UTC).toString();
          events.add(event(user, (user * 3 + day) + "." + (day % 10) + "5", instant, (day + user) % 5));
        }
      }
    }
    return events;
  }
}
