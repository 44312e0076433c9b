package dev.floe.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeTable;
import dev.floe.models.ModelRegistry;
import dev.floe.workflows.PipelineInput;
import dev.floe.workflows.PipelineMemo;
import dev.floe.workflows.PipelineResult;
import dev.floe.workflows.PipelineStep;
import dev.floe.workflows.StepDuration;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workflow with the real steps on real tables: lineage, failures, wire format, history size. */
class RealPipelineTest {
  @TempDir Path dataDir;
  @TempDir Path files;

  @Test
  void runRegistersAModelAndEveryCommitNamesTheRun() throws Exception {
    Path anomalyFile = Files.writeString(files.resolve("spike.json"), "[{\"user_id\": 3, \"day\": 4, \"multiplier\": 10, \"n\": 1}]");
    PipelineInput input = PipelineInputs.parse("{\"users\": 30, \"events\": 3000, \"days\": 30, \"end_date\": \"2025-09-17\","
        + " \"anomaly_files\": [\"" + anomalyFile + "\"], \"anomalies\": [{\"user_id\": 7, \"day\": 20, \"n\": 2}]}");

    try (PipelineTestEnvironment pipeline = PipelineTestEnvironment.start(dataDir)) {
      PipelineResult result = pipeline.run("lineage", input);

      assertThat(result.anomalies()).extracting(outcome -> outcome.userId()).containsExactly(3L, 7L);
      assertThat(result.steps()).extracting(StepDuration::step)
          .containsExactly(PipelineStep.GENERATE, PipelineStep.FEATURIZE, PipelineStep.CALIBRATE, PipelineStep.REGISTER);
      Snapshot raw = pipeline.snapshots(FloeTable.RAW_EVENTS).get(0);
      Snapshot features = pipeline.snapshots(FloeTable.USER_FEATURES).get(0);
      assertThat(raw.snapshotId()).isEqualTo(result.appendedSnapshotId()).isEqualTo(result.rawSnapshotId());
      assertThat(features.snapshotId()).isEqualTo(result.featureSnapshotId());
      assertThat(new CommitLineage("lineage", result.runId(), "generate").madeBy(raw)).isTrue();
      assertThat(new CommitLineage("lineage", result.runId(), "featurize").madeBy(features)).isTrue();
      assertThat(new CommitLineage("lineage", result.runId(), "register")
          .madeBy(pipeline.snapshots(FloeTable.MODEL_TRAINING_METADATA).get(0))).isTrue();
      assertThat(new ModelRegistry(pipeline.catalog).find(result.modelVersion())).satisfies(model -> {
        assertThat(model.workflowId()).isEqualTo("lineage");
        assertThat(model.runId()).isEqualTo(result.runId());
        assertThat(model.featureSnapshotId()).isEqualTo(result.featureSnapshotId());
        assertThat(model.rawEventsSnapshotId()).isEqualTo(result.rawSnapshotId());
        assertThat(model.decisionThreshold()).isEqualTo(result.threshold());
      });
      var description = pipeline.client().newUntypedWorkflowStub("lineage").describe();
      assertThat(description.getMemo(PipelineMemo.MODEL_VERSION, String.class)).isEqualTo(result.modelVersion());
      assertThat(description.getMemo(PipelineMemo.FEATURE_SNAPSHOT_ID, Long.class)).isEqualTo(result.featureSnapshotId());
    }
  }

  @Test
  void invalidAnomalySpecFailsTheRunWithItsMessageAndWritesNothing() {
    PipelineInput input = PipelineInputs.parse("{\"users\": 10, \"events\": 100, \"anomalies\": [{\"user_id\": 1, \"day\": 2, \"multiplier\": -3}]}");

    try (PipelineTestEnvironment pipeline = PipelineTestEnvironment.start(dataDir)) {
      WorkflowFailedException failure = catchThrowableOfType(WorkflowFailedException.class, () -> pipeline.run("bad-spec", input));

      ApplicationFailure cause = (ApplicationFailure) failure.getCause();
      assertThat(cause.getType()).isEqualTo("InvalidInput");
      assertThat(cause.getOriginalMessage()).contains("anomalies").contains("entry 1").contains("multiplier");
      assertThat(pipeline.snapshots(FloeTable.RAW_EVENTS)).isEmpty();
      assertThat(activityAttempts(pipeline, "bad-spec")).isEqualTo(1);
    }
  }

  @Test
  void anomalyDayOutsideTheWindowNamesTheFileAndEntry() throws Exception {
    Path late = Files.writeString(files.resolve("late.json"), "[{\"user_id\": 1, \"day\": 3}, {\"user_id\": 2, \"day\": 40}]");
    PipelineInput input = PipelineInputs.parse("{\"users\": 10, \"events\": 100, \"days\": 30, \"anomaly_files\": [\"" + late + "\"]}");

    try (PipelineTestEnvironment pipeline = PipelineTestEnvironment.start(dataDir)) {
      WorkflowFailedException failure = catchThrowableOfType(WorkflowFailedException.class, () -> pipeline.run("late", input));

      assertThat(((ApplicationFailure) failure.getCause()).getOriginalMessage())
          .contains(late.toString()).contains("entry 2").contains("day");
      assertThat(pipeline.snapshots(FloeTable.RAW_EVENTS)).isEmpty();
    }
  }

  @Test
  void emptyTrainingWindowFailsTheRunWithoutRetrying() {
    PipelineInput input = PipelineInputs.parse("{\"users\": 10, \"events\": 1000, \"days\": 10, \"end_date\": \"2025-09-17\","
        + " \"window_start\": \"2020-01-01\", \"window_end\": \"2020-01-31\"}");

    try (PipelineTestEnvironment pipeline = PipelineTestEnvironment.start(dataDir)) {
      WorkflowFailedException failure = catchThrowableOfType(WorkflowFailedException.class, () -> pipeline.run("empty-window", input));

      assertThat(((ApplicationFailure) failure.getCause()).getType()).isEqualTo("EmptyWindow");
      assertThat(pipeline.snapshots(FloeTable.MODEL_TRAINING_METADATA)).isEmpty();
      assertThat(activityAttempts(pipeline, "empty-window")).isEqualTo(3);
    }
  }

  @Test
  void missingIngestFileFailsTheRunNamingTheFile() {
    Path missing = files.resolve("nowhere.csv");
    PipelineInput input = PipelineInputs.parse("{\"ingest_file\": \"" + missing + "\"}");

    try (PipelineTestEnvironment pipeline = PipelineTestEnvironment.start(dataDir)) {
      WorkflowFailedException failure = catchThrowableOfType(WorkflowFailedException.class, () -> pipeline.run("missing", input));

      ApplicationFailure cause = (ApplicationFailure) failure.getCause();
      assertThat(cause.getType()).isIn("NotFound", "InvalidInput");
      assertThat(cause.getOriginalMessage()).contains(missing.toString());
      assertThat(activityAttempts(pipeline, "missing")).isEqualTo(1);
    }
  }

  @Test
  void temporalCliPayloadWithAnUnknownFieldCompletesWithAModel() throws Exception {
    // Exactly what `temporal workflow start --type FeaturePipeline --task-queue floe --input '{...}'` sends.
    String json = "{\"users\": 20, \"events\": 2000, \"days\": 30, \"end_date\": \"2025-09-17\", \"requested_by\": \"cli\"}";

    try (PipelineTestEnvironment pipeline = PipelineTestEnvironment.start(dataDir)) {
      pipeline.temporal().getWorkflowServiceStubs().blockingStub().startWorkflowExecution(
          StartWorkflowExecutionRequest.newBuilder()
              .setNamespace(pipeline.temporal().getNamespace())
              .setRequestId(UUID.randomUUID().toString())
              .setWorkflowId("from-temporal-cli")
              .setWorkflowType(WorkflowType.newBuilder().setName("FeaturePipeline"))
              .setTaskQueue(TaskQueue.newBuilder().setName("floe"))
              .setInput(Payloads.newBuilder().addPayloads(Payload.newBuilder()
                  .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
                  .setData(ByteString.copyFrom(json, StandardCharsets.UTF_8))))
              .build());

      PipelineResult result = pipeline.client().newUntypedWorkflowStub("from-temporal-cli").getResult(PipelineResult.class);

      assertThat(result.rowsAppended()).isEqualTo(2000);
      assertThat(new ModelRegistry(pipeline.catalog).find(result.modelVersion()).workflowId()).isEqualTo("from-temporal-cli");
    }
  }

  /**
   * Only ids and counts travel through Temporal, so a run's history is the same size whatever the
   * data volume. A 10M-event run is too heavy for CI; a 200x larger run here must not grow the
   * history, and both stay far below Temporal's warning sizes (64 KB asserted).
   */
  @Test
  void historySizeDoesNotGrowWithRows(@TempDir Path otherDataDir) {
    long small;
    long large;
    try (PipelineTestEnvironment pipeline = PipelineTestEnvironment.start(dataDir)) {
      pipeline.run("small", PipelineInputs.generate(20, 1_000));
      small = historyBytes(pipeline, "small");
    }
    try (PipelineTestEnvironment pipeline = PipelineTestEnvironment.start(otherDataDir)) {
      pipeline.run("large", PipelineInputs.generate(2_000, 200_000));
      large = historyBytes(pipeline, "large");
    }

    assertThat(large).isLessThan(64 * 1024);
    assertThat(large - small).as("history growth from 1k to 200k events").isLessThan(512);
  }

  private static long historyBytes(PipelineTestEnvironment pipeline, String workflowId) {
    return pipeline.client().fetchHistory(workflowId).getHistory().getSerializedSize();
  }

  private static long activityAttempts(PipelineTestEnvironment pipeline, String workflowId) {
    List<HistoryEvent> events = pipeline.client().fetchHistory(workflowId).getEvents();
    return events.stream().filter(HistoryEvent::hasActivityTaskStartedEventAttributes)
        .mapToLong(event -> event.getActivityTaskStartedEventAttributes().getAttempt()).sum();
  }
}
