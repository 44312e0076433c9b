package dev.floe.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.NonDeterministicException;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
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
  private final TestWorkflowEnvironment environment =
      TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
          .setWorkflowClientOptions(WorkflowClientOptions.newBuilder().setDataConverter(FloeDataConverter.instance()).build())
          .build());

  @AfterEach
  void close() {
    environment.close();
  }

  static Stream<Path> keptHistories() throws IOException, URISyntaxException {
    Path directory = Path.of(BackfillReplayTest.class.getResource("/histories/backfill").toURI());
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(file -> file.toString().endsWith(".json")).sorted().toList().stream();
    }
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

    WorkflowReplayer.replayWorkflowExecution(read(history), worker);
  }

  @ParameterizedTest
  @MethodSource("keptHistories")
  void aBackfillThatNoLongerPlansFailsToReplayKeptHistory(Path history) throws Exception {
    WorkflowExecutionHistory kept = read(history);
    Worker worker = environment.newWorker("replay-changed");
    worker.registerWorkflowImplementationTypes(UnplannedBackfill.class);

    Throwable failure = catchThrowable(() -> WorkflowReplayer.replayWorkflowExecution(kept, worker));

    assertThat(failure).as("replay of a changed backfill").isNotNull();
    assertThat(Stream.iterate(failure, cause -> cause != null, Throwable::getCause))
        .anySatisfy(cause -> assertThat(cause instanceof NonDeterministicException
            || String.valueOf(cause.getMessage()).contains(NonDeterministicException.class.getName()))
            .isTrue());
  }

  private static WorkflowExecutionHistory read(Path history) throws IOException {
    return WorkflowExecutionHistory.fromJson(Files.readString(history));
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
