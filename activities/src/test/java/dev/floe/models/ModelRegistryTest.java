package dev.floe.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.error.InvalidInputException;
import dev.floe.error.NotFoundException;
import dev.floe.workflows.CalibrateRequest;
import dev.floe.workflows.Calibration;
import dev.floe.workflows.ModelCard;
import dev.floe.workflows.RegisterRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {
  private static final LocalDate FIRST = LocalDate.parse("2025-08-01");
  private static final Instant STARTED = Instant.parse("2025-09-16T22:44:17.345Z");

  @TempDir Path dataDir;
  private FloeCatalog catalog;
  private ModelRegistry registry;
  private Calibration calibration;

  @BeforeEach
  void open() {
    catalog = FloeCatalog.open(dataDir);
    registry = new ModelRegistry(catalog);
    FeatureFixture fixture = new FeatureFixture(catalog);
    long raw = fixture.appendRawEvents(FIRST, 20);
    fixture.appendFeatures(raw, FeatureFixture.randomFeatures(5, 10, FIRST, 40));
    calibration =
        new Calibrator(catalog, () -> CalibratorTest.TEST_SQL_HASH)
            .calibrate(new CalibrateRequest(null, 0.99, null, null, null));
  }

  @AfterEach
  void close() {
    catalog.close();
  }

  @Test
  void registerWritesOneRowWithItsLineageAndTagsBothSnapshots() {
    CommitLineage lineage = new CommitLineage("wf-1", "run-1", "register");

    ModelCard card = registry.register(new RegisterRequest(calibration, STARTED), lineage);

    assertThat(card.modelVersion()).isEqualTo("v20250916224417");
    assertThat(card.featureSnapshotId()).isEqualTo(calibration.featureSnapshotId());
    assertThat(card.rawEventsSnapshotId()).isEqualTo(calibration.rawEventsSnapshotId());
    assertThat(card.featureName()).isEqualTo("spending_mean_7d");
    assertThat(card.decisionThreshold()).isEqualTo(calibration.threshold());
    assertThat(card.trainingWindowStart()).isEqualTo(calibration.windowStart());
    assertThat(card.trainingWindowEnd()).isEqualTo(calibration.windowEnd());
    assertThat(card.quantile()).isEqualTo(0.99);
    assertThat(card.workflowId()).isEqualTo("wf-1");
    assertThat(card.runId()).isEqualTo("run-1");
    assertThat(card.trainingRows()).isEqualTo(calibration.trainingRows()).isEqualTo(300);
    assertThat(card.featureMean()).isEqualTo(calibration.featureMean());
    assertThat(card.featureStd()).isEqualTo(calibration.featureStd());
    assertThat(card.sqlHash()).isEqualTo(CalibratorTest.TEST_SQL_HASH);
    assertThat(card.floeVersion()).isEqualTo(FloeVersion.current());
    assertThat(card.trainedAt()).isBetween(Instant.now().minusSeconds(60), Instant.now());
    assertThat(registry.list()).containsExactly(card);

    Table models = catalog.load(FloeTable.MODEL_TRAINING_METADATA);
    assertThat(models.currentSnapshot().snapshotId()).isEqualTo(card.snapshotId());
    assertThat(models.currentSnapshot().summary())
        .containsEntry(CommitLineage.MODEL_VERSION, "v20250916224417")
        .containsEntry(CommitLineage.WORKFLOW_ID, "wf-1")
        .containsEntry("added-records", "1");
    assertThat(tag(FloeTable.USER_FEATURES, "model-v20250916224417").snapshotId())
        .isEqualTo(calibration.featureSnapshotId());
    assertThat(tag(FloeTable.RAW_EVENTS, "model-v20250916224417").snapshotId())
        .isEqualTo(calibration.rawEventsSnapshotId());
  }

  @Test
  void aRetriedRegisterReturnsTheSameCardWithoutASecondRowOrTag() {
    CommitLineage lineage = new CommitLineage("wf-1", "run-1", "register");
    ModelCard first = registry.register(new RegisterRequest(calibration, STARTED), lineage);
    int featureRefs = catalog.load(FloeTable.USER_FEATURES).refs().size();

    ModelCard retried = registry.register(new RegisterRequest(calibration, STARTED), lineage);

    assertThat(retried).isEqualTo(first);
    assertThat(registry.list()).hasSize(1);
    assertThat(snapshots(FloeTable.MODEL_TRAINING_METADATA)).hasSize(1);
    assertThat(catalog.load(FloeTable.USER_FEATURES).refs()).hasSize(featureRefs);
  }

  @Test
  void aRetryFinishesTheTagsAnInterruptedAttemptDidNotCreate() {
    CommitLineage lineage = new CommitLineage("wf-1", "run-1", "register");
    ModelCard first = registry.register(new RegisterRequest(calibration, STARTED), lineage);
    // As if the first attempt died after committing the row, before tagging the raw snapshot.
    catalog
        .load(FloeTable.RAW_EVENTS)
        .manageSnapshots()
        .removeTag("model-" + first.modelVersion())
        .commit();

    ModelCard retried = registry.register(new RegisterRequest(calibration, STARTED), lineage);

    assertThat(retried).isEqualTo(first);
    assertThat(tag(FloeTable.RAW_EVENTS, "model-" + first.modelVersion()).snapshotId())
        .isEqualTo(calibration.rawEventsSnapshotId());
    assertThat(registry.list()).hasSize(1);
  }

  @Test
  void aTakenVersionMovesToTheNextFreeSecond() {
    ModelCard first =
        registry.register(
            new RegisterRequest(calibration, STARTED), CommitLineage.direct("register"));
    ModelCard second =
        registry.register(
            new RegisterRequest(calibration, STARTED), CommitLineage.direct("register"));
    ModelCard third =
        registry.register(
            new RegisterRequest(calibration, STARTED.plusSeconds(1)),
            CommitLineage.direct("register"));

    assertThat(List.of(first.modelVersion(), second.modelVersion(), third.modelVersion()))
        .containsExactly("v20250916224417", "v20250916224418", "v20250916224419");
    assertThat(registry.list())
        .extracting(ModelCard::modelVersion)
        .hasSize(3)
        .doesNotHaveDuplicates();
    assertThat(registry.find("v20250916224418")).isEqualTo(second);
  }

  @Test
  void concurrentRegistrationsOfOneSecondGetDistinctVersions() throws Exception {
    int registrations = 4;
    ExecutorService pool = Executors.newFixedThreadPool(registrations);
    try {
      List<Callable<ModelCard>> tasks = new ArrayList<>();
      for (int i = 0; i < registrations; i++) {
        CommitLineage lineage = new CommitLineage("wf-" + i, "run-" + i, "register");
        tasks.add(() -> registry.register(new RegisterRequest(calibration, STARTED), lineage));
      }
      List<String> versions = new ArrayList<>();
      for (Future<ModelCard> future : pool.invokeAll(tasks)) {
        versions.add(future.get().modelVersion());
      }

      assertThat(versions)
          .containsExactlyInAnyOrder(
              "v20250916224417", "v20250916224418", "v20250916224419", "v20250916224420");
      assertThat(registry.list())
          .extracting(ModelCard::modelVersion)
          .containsExactlyInAnyOrderElementsOf(versions);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anUnknownVersionListsTheKnownOnes() {
    ModelCard card =
        registry.register(
            new RegisterRequest(calibration, STARTED), CommitLineage.direct("register"));

    assertThatThrownBy(() -> registry.find("v1"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("Unknown model version 'v1': known versions are " + card.modelVersion());
  }

  @Test
  void withoutTheModelTableListingSaysWhatToRun() {
    assertThatThrownBy(() -> registry.list())
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("model_training_metadata")
        .hasMessageContaining("floe train");
    assertThatThrownBy(() -> registry.find("v20250916224417"))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void aCalibrationNamingAMissingSnapshotRegistersNothing() {
    Calibration missing =
        new Calibration(
            calibration.featureSnapshotId(),
            42L,
            calibration.featureName(),
            calibration.windowStart(),
            calibration.windowEnd(),
            calibration.quantile(),
            calibration.threshold(),
            calibration.trainingRows(),
            calibration.featureMean(),
            calibration.featureStd(),
            calibration.sqlHash(),
            List.of());

    assertThatThrownBy(
            () ->
                registry.register(
                    new RegisterRequest(missing, STARTED), CommitLineage.direct("register")))
        .isInstanceOf(NotFoundException.class)
        .hasMessage(
            "Snapshot 42 does not exist in table " + catalog.load(FloeTable.RAW_EVENTS).name());
    assertThat(catalog.exists(FloeTable.MODEL_TRAINING_METADATA)).isFalse();
    assertThat(catalog.load(FloeTable.USER_FEATURES).refs()).containsOnlyKeys("main");
  }

  @Test
  void aRegistrationWithoutStartTimeIsRejected() {
    assertThatThrownBy(
            () ->
                registry.register(
                    new RegisterRequest(calibration, null), CommitLineage.direct("register")))
        .isInstanceOf(InvalidInputException.class);
  }

  private SnapshotRef tag(FloeTable table, String name) {
    SnapshotRef ref = catalog.load(table).refs().get(name);
    assertThat(ref).as("tag %s on %s", name, table.tableName()).isNotNull();
    assertThat(ref.isTag()).isTrue();
    return ref;
  }

  private List<Snapshot> snapshots(FloeTable table) {
    return StreamSupport.stream(catalog.load(table).snapshots().spliterator(), false).toList();
  }
}
