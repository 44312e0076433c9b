package dev.floe.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.error.NotFoundException;
import dev.floe.models.FeatureFixture;
import dev.floe.models.ModelRegistry;
import dev.floe.workflows.Calibration;
import dev.floe.workflows.FloeJson;
import dev.floe.workflows.ModelCard;
import dev.floe.workflows.RegisterRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotHistoryTest {
  @TempDir Path dataDir;

  @Test
  void historyShowsLineageCountsAndTheTagsAModelAdded() throws Exception {
    try (FloeCatalog catalog = FloeCatalog.open(dataDir)) {
      FeatureFixture fixture = new FeatureFixture(catalog);
      long raw = fixture.appendRawEvents(LocalDate.parse("2025-08-01"), 3);
      long first =
          fixture.appendFeatures(raw, List.of(FeatureFixture.Feature.of(1, "2025-08-01", "1.00")));
      long second =
          fixture.replaceFeatures(
              raw,
              List.of(
                  FeatureFixture.Feature.of(1, "2025-08-01", "2.00"),
                  FeatureFixture.Feature.of(2, "2025-08-01", "3.00")));
      ModelCard model =
          new ModelRegistry(catalog)
              .register(
                  new RegisterRequest(
                      new Calibration(
                          first,
                          raw,
                          "spending_mean_7d",
                          LocalDate.parse("2025-08-01"),
                          LocalDate.parse("2025-08-01"),
                          0.995,
                          3.0,
                          1,
                          1.0,
                          0.0,
                          "hash",
                          List.of()),
                      Instant.parse("2025-08-02T00:00:00Z")),
                  new CommitLineage("wf", "run", "register"));

      List<SnapshotRecord> history = SnapshotHistory.of(catalog, FloeTable.USER_FEATURES);

      assertThat(history).extracting(SnapshotRecord::snapshotId).containsExactly(first, second);
      SnapshotRecord older = history.get(0);
      assertThat(older.parentId()).isNull();
      assertThat(older.operation()).isEqualTo("append");
      assertThat(older.addedRecords()).isEqualTo(1);
      assertThat(older.totalRecords()).isEqualTo(1);
      assertThat(older.floeProperties())
          .containsEntry(CommitLineage.RAW_SNAPSHOT_ID, Long.toString(raw))
          .containsEntry(CommitLineage.STEP, "featurize")
          .allSatisfy((key, value) -> assertThat(key).startsWith("floe."));
      assertThat(older.tags()).containsExactly("model-" + model.modelVersion());
      assertThat(older.current()).isFalse();
      SnapshotRecord newer = history.get(1);
      assertThat(newer.parentId()).isEqualTo(first);
      assertThat(newer.operation()).isEqualTo("overwrite");
      assertThat(newer.deletedRecords()).isEqualTo(1);
      assertThat(newer.totalRecords()).isEqualTo(2);
      assertThat(newer.tags()).isEmpty();
      assertThat(newer.current()).isTrue();

      List<SnapshotRecord> models = SnapshotHistory.of(catalog, FloeTable.MODEL_TRAINING_METADATA);
      assertThat(models)
          .singleElement()
          .satisfies(
              record -> {
                assertThat(record.snapshotId()).isEqualTo(model.snapshotId());
                assertThat(record.floeProperties())
                    .containsEntry(CommitLineage.MODEL_VERSION, model.modelVersion());
              });

      JsonNode json = FloeJson.mapper().valueToTree(older);
      assertThat(json.get("committed_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
      assertThat(json.get("floe_properties").get("floe.step").asText()).isEqualTo("featurize");
      assertThat(json.get("snapshot_id").asLong()).isEqualTo(first);
    }
  }

  @Test
  void aMissingTableSaysWhatToRun() {
    try (FloeCatalog catalog = FloeCatalog.open(dataDir)) {
      assertThatThrownBy(() -> SnapshotHistory.of(catalog, FloeTable.RAW_EVENTS))
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("floe generate");
    }
  }
}
