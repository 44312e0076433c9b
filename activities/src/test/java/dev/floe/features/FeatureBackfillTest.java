package dev.floe.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.engine.SnapshotFiles;
import dev.floe.engine.SqlStatement;
import dev.floe.error.InvalidInputException;
import dev.floe.features.registry.FeatureDefinitions;
import dev.floe.features.registry.FeatureRegistry;
import dev.floe.generate.EventGenerator;
import dev.floe.pointintime.PointInTimeSql;
import dev.floe.workflows.BackfillChunkResult;
import dev.floe.workflows.BackfillPlan;
import dev.floe.workflows.BackfillRequest;
import dev.floe.workflows.FeaturizeRequest;
import dev.floe.workflows.FeaturizeResult;
import dev.floe.workflows.GenerateRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.List;
import org.apache.iceberg.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureBackfillTest {
  private static final LocalDate END = LocalDate.parse("2025-09-17");

  @TempDir Path dataDir;

  /** Every row of a user_features snapshot, ordered, as text: the exact content to compare. */
  private static List<String> rows(FloeCatalog catalog, long snapshotId, String where) throws Exception {
    SnapshotFiles files = SnapshotFiles.of(catalog.load(FloeTable.USER_FEATURES), snapshotId);
    try (Connection connection = PointInTimeSql.open()) {
      return SqlStatement.of(
              "SELECT user_id || ' ' || dt || ' ' || spending_mean_7d FROM " + files.relation() + " WHERE " + where
                  + " ORDER BY dt, user_id")
          .query(connection, row -> row.getString(1));
    }
  }

  private static List<BackfillChunkResult> computeAll(FeatureBackfill backfill, BackfillPlan plan) {
    return plan.chunks().stream().map(backfill::compute).toList();
  }

  @Test
  void aBackfillWithAppliedFeaturesEqualsFeaturizeOnItsRangeInEveryColumn() throws Exception {
    try (FloeCatalog catalog = FloeCatalog.open(dataDir)) {
      RawEventsFixture raw = new RawEventsFixture(catalog);
      long olderRaw = raw.append(IncrementalAppliedFeaturesTest.spread(0, 50));
      new FeatureRegistry(catalog)
          .apply(FeatureDefinitions.load(Path.of("..", "features")), CommitLineage.direct("features-apply"));
      Featurizer featurizer = new Featurizer(catalog);
      long olderFeatures = featurizer.featurize(new FeaturizeRequest(null), CommitLineage.direct("featurize")).snapshotId();
      // A user whose first event lies 40 days before the range: days since it must come out right.
      raw.append(RawEventsFixture.event(7, "3.00", "2025-08-01T12:00:00Z", 2));
      FeaturizeResult newer = featurizer.featurize(new FeaturizeRequest(null), CommitLineage.direct("featurize"));
      String range = "dt BETWEEN DATE '2025-09-11' AND DATE '2025-10-02'";
      assertThat(allColumns(catalog, newer.snapshotId(), range)).isNotEqualTo(allColumns(catalog, olderFeatures, range));

      FeatureBackfill backfill = new FeatureBackfill(catalog);
      BackfillPlan plan =
          backfill.plan(new BackfillRequest(olderRaw, LocalDate.parse("2025-09-11"), LocalDate.parse("2025-10-02"), 5));
      FeaturizeResult restored = backfill.commit(plan, computeAll(backfill, plan), CommitLineage.direct("backfill"));
      assertThat(allColumns(catalog, restored.snapshotId(), range)).isEqualTo(allColumns(catalog, olderFeatures, range));
      String outside = "NOT (" + range + ")";
      assertThat(allColumns(catalog, restored.snapshotId(), outside)).isEqualTo(allColumns(catalog, newer.snapshotId(), outside));

      // Back to the current raw snapshot: a backfill of the range gives featurize's rows again. The
      // table mixed two raw snapshots before it, so it names none, and featurize recomputes all.
      BackfillPlan again =
          backfill.plan(new BackfillRequest(null, LocalDate.parse("2025-09-11"), LocalDate.parse("2025-10-02"), 7));
      FeaturizeResult current = backfill.commit(again, computeAll(backfill, again), CommitLineage.direct("backfill"));
      assertThat(allColumns(catalog, current.snapshotId(), "true")).isEqualTo(allColumns(catalog, newer.snapshotId(), "true"));
      assertThat(catalog.load(FloeTable.USER_FEATURES).snapshot(current.snapshotId()).summary())
          .doesNotContainKey(CommitLineage.RAW_SNAPSHOT_ID);
      FeaturizeResult featurized = featurizer.featurize(new FeaturizeRequest(null), CommitLineage.direct("featurize"));
      assertThat(allColumns(catalog, featurized.snapshotId(), "true")).isEqualTo(allColumns(catalog, newer.snapshotId(), "true"));
      // On a table built by the same statement from the same raw snapshot, a backfill keeps both named.
      BackfillPlan third =
          backfill.plan(new BackfillRequest(null, LocalDate.parse("2025-09-11"), LocalDate.parse("2025-10-02"), 7));
      FeaturizeResult same = backfill.commit(third, computeAll(backfill, third), CommitLineage.direct("backfill"));
      assertThat(catalog.load(FloeTable.USER_FEATURES).snapshot(same.snapshotId()).summary())
          .containsEntry(CommitLineage.RAW_SNAPSHOT_ID, Long.toString(featurized.rawSnapshotId()))
          .containsKey(Featurizer.FEATURES_COMPUTED);
      assertThat(featurizer.featurize(new FeaturizeRequest(null), CommitLineage.direct("featurize")).committed()).isFalse();
    }
  }

  private static List<String> allColumns(FloeCatalog catalog, long snapshotId, String where) {
    return FeatureRow.readAllColumns(SnapshotFiles.of(catalog.load(FloeTable.USER_FEATURES), snapshotId), where);
  }

  @Test
  void aBackfillFromTheSameRawSnapshotReproducesFeaturizeExactly() throws Exception {
    try (FloeCatalog catalog = FloeCatalog.open(dataDir)) {
      new EventGenerator(catalog)
          .generate(new GenerateRequest(60, 6_000, 30, END, 5, 1, List.of()), CommitLineage.direct("generate"));
      FeaturizeResult featurized = new Featurizer(catalog).featurize(new FeaturizeRequest(null), CommitLineage.direct("featurize"));
      FeatureBackfill backfill = new FeatureBackfill(catalog);
      BackfillPlan plan = backfill.plan(new BackfillRequest(null, END.minusDays(20), END.minusDays(3), 4));
      assertThat(plan.chunks()).hasSize(5);
      assertThat(plan.chunks().get(4).end()).isEqualTo(END.minusDays(3));
      CommitLineage lineage = CommitLineage.direct("backfill");
      FeaturizeResult result = backfill.commit(plan, computeAll(backfill, plan), lineage);

      assertThat(result.snapshotId()).isNotEqualTo(featurized.snapshotId());
      assertThat(rows(catalog, result.snapshotId(), "true")).isEqualTo(rows(catalog, featurized.snapshotId(), "true"));
      Snapshot committed = catalog.load(FloeTable.USER_FEATURES).snapshot(result.snapshotId());
      assertThat(committed.summary())
          .containsEntry(CommitLineage.RAW_SNAPSHOT_ID, Long.toString(featurized.rawSnapshotId()))
          .containsEntry("floe.recompute", "backfill");
      // A retried commit finds its own: no second snapshot.
      assertThat(backfill.commit(plan, List.of(), lineage).snapshotId()).isEqualTo(result.snapshotId());
    }
  }

  @Test
  void aBackfillFromAnOlderRawSnapshotRestoresThoseDatesAndTheNextFeaturizeRecomputesAll() throws Exception {
    try (FloeCatalog catalog = FloeCatalog.open(dataDir)) {
      EventGenerator generator = new EventGenerator(catalog);
      long olderRaw =
          generator.generate(new GenerateRequest(40, 4_000, 20, END, 1, 1, List.of()), CommitLineage.direct("generate")).snapshotId();
      Featurizer featurizer = new Featurizer(catalog);
      long olderFeatures = featurizer.featurize(new FeaturizeRequest(null), CommitLineage.direct("featurize")).snapshotId();
      // Late-arriving events over the same days change many dates.
      generator.generate(new GenerateRequest(40, 2_000, 20, END, 2, 1, List.of()), CommitLineage.direct("generate"));
      long newerFeatures = featurizer.featurize(new FeaturizeRequest(null), CommitLineage.direct("featurize")).snapshotId();
      String range = "dt BETWEEN DATE '2025-09-05' AND DATE '2025-09-10'";
      assertThat(rows(catalog, newerFeatures, range)).isNotEqualTo(rows(catalog, olderFeatures, range));

      FeatureBackfill backfill = new FeatureBackfill(catalog);
      BackfillPlan plan =
          backfill.plan(new BackfillRequest(olderRaw, LocalDate.parse("2025-09-05"), LocalDate.parse("2025-09-10"), 2));
      FeaturizeResult result = backfill.commit(plan, computeAll(backfill, plan), CommitLineage.direct("backfill"));

      assertThat(rows(catalog, result.snapshotId(), range)).isEqualTo(rows(catalog, olderFeatures, range));
      String outside = "NOT (" + range + ")";
      assertThat(rows(catalog, result.snapshotId(), outside)).isEqualTo(rows(catalog, newerFeatures, outside));
      Snapshot committed = catalog.load(FloeTable.USER_FEATURES).snapshot(result.snapshotId());
      assertThat(committed.summary()).doesNotContainKey(CommitLineage.RAW_SNAPSHOT_ID)
          .containsEntry(FeatureBackfill.BACKFILL_RAW_SNAPSHOT_ID, Long.toString(olderRaw));

      FeaturizeResult again = featurizer.featurize(new FeaturizeRequest(null), CommitLineage.direct("featurize"));
      assertThat(again.committed()).isTrue();
      assertThat(rows(catalog, again.snapshotId(), "true")).isEqualTo(rows(catalog, newerFeatures, "true"));
    }
  }

  @Test
  void aRangeOutsideTheRawSnapshotOrBackwardsIsInvalid() {
    try (FloeCatalog catalog = FloeCatalog.open(dataDir)) {
      new EventGenerator(catalog)
          .generate(new GenerateRequest(10, 500, 10, END, 5, 1, List.of()), CommitLineage.direct("generate"));
      FeatureBackfill backfill = new FeatureBackfill(catalog);
      assertThatThrownBy(() -> backfill.plan(new BackfillRequest(null, END.minusDays(3), END.plusDays(1), 7)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("outside raw_events snapshot");
      assertThatThrownBy(() -> backfill.plan(new BackfillRequest(null, END, END.minusDays(1), 7)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("is before from");
      assertThatThrownBy(() -> backfill.plan(new BackfillRequest(null, END, END, 0)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("chunk_days");
    }
  }
}
