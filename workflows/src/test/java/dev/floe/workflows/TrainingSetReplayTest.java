package dev.floe.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the TrainingSet histories kept under src/test/resources/histories/training-set (recorded
 * by TrainingSetHistoryRecorder in activities/) on today's TrainingSetWorkflowImpl. Never regenerate
 * one to make this pass: guard the change with {@code Workflow.getVersion} and record a new one.
 */
class TrainingSetReplayTest {
  private final TestWorkflowEnvironment environment = KeptHistories.replayEnvironment();

  @AfterEach
  void close() {
    environment.close();
  }

  static Stream<Path> keptHistories() throws Exception {
    return KeptHistories.in("/histories/training-set");
  }

  @Test
  void historiesOfRealTrainingSetsAreKept() throws Exception {
    assertThat(keptHistories().map(file -> file.getFileName().toString()))
        .isNotEmpty()
        .allMatch(name -> name.matches("training-set_floe-[0-9.]+_[a-z-]+\\.json"));
  }

  @ParameterizedTest
  @MethodSource("keptHistories")
  void keptHistoryReplaysOnTheCurrentWorkflow(Path history) throws Exception {
    Worker worker = environment.newWorker("replay");
    worker.registerWorkflowImplementationTypes(TrainingSetWorkflowImpl.class);

    WorkflowReplayer.replayWorkflowExecution(KeptHistories.read(history), worker);
  }

  @ParameterizedTest
  @MethodSource("keptHistories")
  void aTrainingSetThatNoLongerPlansFailsToReplayKeptHistory(Path history) throws Exception {
    WorkflowExecutionHistory kept = KeptHistories.read(history);
    Worker worker = environment.newWorker("replay-changed");
    worker.registerWorkflowImplementationTypes(UnplannedTrainingSet.class);

    KeptHistories.assertNonDeterministic(() -> WorkflowReplayer.replayWorkflowExecution(kept, worker));
  }

  /** A change that must not pass unguarded: builds without resolving the snapshot once first. */
  public static final class UnplannedTrainingSet implements TrainingSetWorkflow {
    private final TrainingSetActivities activities = Workflow.newActivityStub(TrainingSetActivities.class,
        ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());

    @Override
    public TrainingSetSummary run(TrainingSetInput input) {
      return activities.buildTrainingSet(new TrainingSetPlan(input.labels(), input.out(), 0, "current snapshot", null));
    }
  }
}
