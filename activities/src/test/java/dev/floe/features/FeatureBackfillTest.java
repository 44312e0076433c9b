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
  void aStoreWithAppliedFeaturesIsRefusedAndPointedToFeaturize() throws Exception {
    try (FloeCatalog catalog = FloeCatalog.open(dataDir)) {
      new RawEventsFixture(catalog).append(RawEventsFixture.event(1, "7.00", "2025-09-01T10:00:00Z"));
      Path folder = java.nio.file.Files.createDirectories(dataDir.resolve("definitions"));
      java.nio.file.Files.writeString(
          folder.resolve("count.json"),
          """
          {"name": "transaction_count_7d", "entity": "user_id", "source": "raw_events",
           "aggregation": "count", "window_days": 7, "type": "long",
           "description": "Transactions in 7 days.", "owner": "fraud-team"}
          """);
      new FeatureRegistry(catalog)
          .apply(FeatureDefinitions.load(folder), CommitLineage.direct("features-apply"));
      LocalDate day = LocalDate.parse("2025-09-01");

      assertThatThrownBy(
              () -> new FeatureBackfill(catalog).plan(new BackfillRequest(null, day, day, 1)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("run 'floe featurize'");
    }
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
