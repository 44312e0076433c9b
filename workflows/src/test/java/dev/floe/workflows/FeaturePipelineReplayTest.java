package dev.floe.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.workflows.PipelineMemo.SearchAttributeSupport;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the histories of real runs kept under src/test/resources/histories on today's workflow
 * code, so a change that would break runs in flight fails the build. Never regenerate a kept
 * history to make this pass: guard the change with {@code Workflow.getVersion} and add a new one.
 */
class FeaturePipelineReplayTest {
  private final TestWorkflowEnvironment environment = KeptHistories.replayEnvironment();

  @AfterEach
  void close() {
    environment.close();
  }

  static Stream<Path> keptHistories() throws Exception {
    return KeptHistories.in("/histories");
  }

  @Test
  void historiesOfRealRunsAreKept() throws Exception {
    assertThat(keptHistories().map(file -> file.getFileName().toString()))
        .as("histories recorded from real runs (see PipelineHistoryRecorder in activities/)")
        .isNotEmpty()
        .allMatch(name -> name.matches("feature-pipeline_floe-[0-9.]+(-SNAPSHOT)?_[a-z-]+\\.json"));
  }

  @ParameterizedTest
  @MethodSource("keptHistories")
  void keptHistoryReplaysOnTheCurrentWorkflow(Path history) throws Exception {
    Worker worker = environment.newWorker("replay");
    FeaturePipelineImpl.registerOn(worker, SearchAttributeSupport.UNAVAILABLE);

    WorkflowReplayer.replayWorkflowExecution(KeptHistories.read(history), worker);
  }

  @ParameterizedTest
  @MethodSource("keptHistories")
  void reorderedWorkflowFailsToReplayKeptHistory(Path history) throws Exception {
    WorkflowExecutionHistory kept = KeptHistories.read(history);
    Worker worker = environment.newWorker("replay-reordered");
    worker.registerWorkflowImplementationTypes(ReorderedFeaturePipeline.class);

    KeptHistories.assertNonDeterministic(() -> WorkflowReplayer.replayWorkflowExecution(kept, worker));
  }

  @Test
  void reorderedWorkflowFailsToReplayAFreshHistory() throws Exception {
    Worker live = environment.newWorker("live");
    FeaturePipelineImpl.registerOn(live, SearchAttributeSupport.UNAVAILABLE);
    live.registerActivitiesImplementations(new FakePipelineActivities());
    Worker current = environment.newWorker("replay-current");
    FeaturePipelineImpl.registerOn(current, SearchAttributeSupport.UNAVAILABLE);
    Worker reordered = environment.newWorker("replay-reordered");
    reordered.registerWorkflowImplementationTypes(ReorderedFeaturePipeline.class);
    environment.start();
    FeaturePipeline pipeline = environment.getWorkflowClient().newWorkflowStub(
        FeaturePipeline.class, WorkflowOptions.newBuilder().setTaskQueue("live").setWorkflowId("fresh").build());
    pipeline.run(PipelineInput.defaults());
    WorkflowExecutionHistory fresh =
        WorkflowExecutionHistory.fromJson(environment.getWorkflowClient().fetchHistory("fresh").toJson(true));

    WorkflowReplayer.replayWorkflowExecution(fresh, current);
    KeptHistories.assertNonDeterministic(() -> WorkflowReplayer.replayWorkflowExecution(fresh, reordered));
  }


}
