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
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the Backfill histories kept under src/test/resources/histories/backfill (recorded by
 * BackfillHistoryRecorder in activities/) on today's BackfillWorkflowImpl. Never regenerate one to
 * make this pass: guard the change with {@code Workflow.getVersion} and record a new one.
 */
class BackfillReplayTest {
  private final TestWorkflowEnvironment environment = KeptHistories.replayEnvironment();

  @AfterEach
  void close() {
    environment.close();
  }

  static Stream<Path> keptHistories() throws Exception {
    return KeptHistories.in("/histories/backfill");
  }

  @Test
  void historiesOfRealBackfillsAreKept() throws Exception {
    assertThat(keptHistories().map(file -> file.getFileName().toString()))
        .isNotEmpty()
        .allMatch(name -> name.matches("backfill_floe-[0-9.]+_[a-z-]+\\.json"));
  }

  @ParameterizedTest
  @MethodSource("keptHistories")
  void keptHistoryReplaysOnTheCurrentWorkflow(Path history) throws Exception {
    Worker worker = environment.newWorker("replay");
    worker.registerWorkflowImplementationTypes(BackfillWorkflowImpl.class);

    WorkflowReplayer.replayWorkflowExecution(KeptHistories.read(history), worker);
  }

  @ParameterizedTest
  @MethodSource("keptHistories")
  void aBackfillThatNoLongerPlansFailsToReplayKeptHistory(Path history) throws Exception {
    WorkflowExecutionHistory kept = KeptHistories.read(history);
    Worker worker = environment.newWorker("replay-changed");
    worker.registerWorkflowImplementationTypes(UnplannedBackfill.class);

    KeptHistories.assertNonDeterministic(() -> WorkflowReplayer.replayWorkflowExecution(kept, worker));
  }


  /** A change that must not pass unguarded: commits without planning or computing chunks first. */
  public static final class UnplannedBackfill implements BackfillWorkflow {
    private final BackfillActivities activities = Workflow.newActivityStub(BackfillActivities.class,
        ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());

    @Override
    public FeaturizeResult run(BackfillRequest request) {
      return activities.commitBackfill(null, List.of());
    }
  }
}
