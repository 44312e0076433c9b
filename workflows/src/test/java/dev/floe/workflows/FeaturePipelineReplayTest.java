package dev.floe.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.floe.workflows.PipelineMemo.SearchAttributeSupport;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.NonDeterministicException;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert;
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
  private final TestWorkflowEnvironment environment =
      TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
          .setWorkflowClientOptions(WorkflowClientOptions.newBuilder().setDataConverter(FloeDataConverter.instance()).build())
          .build());

  @AfterEach
  void close() {
    environment.close();
  }

  static Stream<Path> keptHistories() throws IOException, URISyntaxException {
    Path directory = Path.of(FeaturePipelineReplayTest.class.getResource("/histories").toURI());
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(file -> file.toString().endsWith(".json")).sorted().toList().stream();
    }
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

    WorkflowReplayer.replayWorkflowExecution(read(history), worker);
  }

  @ParameterizedTest
  @MethodSource("keptHistories")
  void reorderedWorkflowFailsToReplayKeptHistory(Path history) throws Exception {
    WorkflowExecutionHistory kept = read(history);
    Worker worker = environment.newWorker("replay-reordered");
    worker.registerWorkflowImplementationTypes(ReorderedFeaturePipeline.class);

    assertNonDeterministic(() -> WorkflowReplayer.replayWorkflowExecution(kept, worker));
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
    assertNonDeterministic(() -> WorkflowReplayer.replayWorkflowExecution(fresh, reordered));
  }

  private static WorkflowExecutionHistory read(Path history) throws IOException {
    return WorkflowExecutionHistory.fromJson(Files.readString(history));
  }

  /**
   * The replayer reports a non-determinism as a RuntimeException whose message carries the
   * NonDeterministicException (its class name and Temporal's TMPRL1100 code), not as a cause.
   */
  private static void assertNonDeterministic(ThrowableAssert.ThrowingCallable replay) {
    Throwable failure = catchThrowable(replay);
    assertThat(failure).as("replay of a reordered workflow").isNotNull();
    assertThat(Stream.iterate(failure, cause -> cause != null, Throwable::getCause))
        .as("cause chain of %s", failure)
        .anySatisfy(cause -> assertThat(cause instanceof NonDeterministicException
            || String.valueOf(cause.getMessage()).contains(NonDeterministicException.class.getName() + ": [TMPRL1100]"))
            .isTrue());
  }
}
