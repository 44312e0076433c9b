package dev.floe.activities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeTable;
import dev.floe.models.ModelRegistry;
import dev.floe.workflows.PipelineInput;
import dev.floe.workflows.PipelineResult;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.iceberg.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every step's first completion is lost after it committed; the run still commits each step once. */
class PipelineExactlyOnceTest {
  @Test
  void generateRunCommitsEachStepOnceThoughEveryFirstCompletionIsLost(@TempDir Path lossy, @TempDir Path clean) {
    PipelineInput input = PipelineInputs.generate(40, 4_000);

    Outcome faulty = runLosingCompletions(lossy, input, "lossy-generate");
    PipelineResult reference = runCleanly(clean, input);

    assertThat(faulty.lostCompletions()).isEqualTo(4);
    assertOnceEach(faulty, reference, "generate");
  }

  @Test
  void ingestRunCommitsEachStepOnceThoughEveryFirstCompletionIsLost(@TempDir Path lossy, @TempDir Path clean, @TempDir Path files) {
    Path csv = PipelineInputs.transactionsCsv(files, 25, 30);
    PipelineInput input = PipelineInputs.parse("{\"ingest_file\": \"" + csv + "\"}");

    Outcome faulty = runLosingCompletions(lossy, input, "lossy-ingest");
    PipelineResult reference = runCleanly(clean, input);

    assertThat(faulty.lostCompletions()).isEqualTo(4);
    assertOnceEach(faulty, reference, "ingest");
  }

  private record Outcome(PipelineResult result, int lostCompletions, List<Snapshot> raw, List<Snapshot> features,
      List<Snapshot> models, List<Object> rawCounts, List<Object> featureCounts, int modelRows) {}

  private static Outcome runLosingCompletions(Path dataDir, PipelineInput input, String workflowId) {
    AtomicReference<CompletionLostActivities> faults = new AtomicReference<>();
    try (PipelineTestEnvironment pipeline = PipelineTestEnvironment.start(dataDir, real -> {
      faults.set(new CompletionLostActivities(real));
      return faults.get();
    }, 2)) {
      PipelineResult result = pipeline.run(workflowId, input);
      return new Outcome(
          result,
          faults.get().lostCompletions.get(),
          pipeline.snapshots(FloeTable.RAW_EVENTS),
          pipeline.snapshots(FloeTable.USER_FEATURES),
          pipeline.snapshots(FloeTable.MODEL_TRAINING_METADATA),
          pipeline.queryCurrent(FloeTable.RAW_EVENTS, "SELECT count(*), count(DISTINCT id) FROM {{table}}"),
          pipeline.queryCurrent(FloeTable.USER_FEATURES, "SELECT count(*), count(DISTINCT (user_id, dt)) FROM {{table}}"),
          new ModelRegistry(pipeline.catalog).list().size());
    }
  }

  private static PipelineResult runCleanly(Path dataDir, PipelineInput input) {
    try (PipelineTestEnvironment pipeline = PipelineTestEnvironment.start(dataDir)) {
      return pipeline.run("clean", input);
    }
  }

  private static void assertOnceEach(Outcome faulty, PipelineResult reference, String appendStep) {
    PipelineResult result = faulty.result();
    assertThat(faulty.raw()).singleElement().satisfies(snapshot -> assertMadeBy(snapshot, result, appendStep));
    assertThat(faulty.features()).singleElement().satisfies(snapshot -> assertMadeBy(snapshot, result, "featurize"));
    assertThat(faulty.models()).singleElement().satisfies(snapshot -> assertMadeBy(snapshot, result, "register"));
    assertThat(faulty.modelRows()).isEqualTo(1);
    // No duplicate rows, and exactly the rows an undisturbed run produces.
    assertThat(faulty.rawCounts().get(0)).isEqualTo(faulty.rawCounts().get(1)).isEqualTo(reference.rowsAppended());
    assertThat(faulty.featureCounts().get(0)).isEqualTo(faulty.featureCounts().get(1)).isEqualTo(reference.featureRows());
    assertThat(result.rowsAppended()).isEqualTo(reference.rowsAppended());
    assertThat(result.featureRows()).isEqualTo(reference.featureRows());
    assertThat(result.trainingRows()).isEqualTo(reference.trainingRows());
    assertThat(result.threshold()).isEqualTo(reference.threshold());
  }

  private static void assertMadeBy(Snapshot snapshot, PipelineResult result, String step) {
    assertThat(new CommitLineage(result.workflowId(), result.runId(), step).madeBy(snapshot))
        .as("snapshot %s summary %s", snapshot.snapshotId(), snapshot.summary())
        .isTrue();
  }
}
