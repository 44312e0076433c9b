package dev.floe.workflows;

import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Plan once, then build. The plan's snapshot id is in the history before the build starts, so every
 * attempt of the build, and any replay, reads that snapshot even if newer ones are committed meanwhile.
 */
public final class TrainingSetWorkflowImpl implements TrainingSetWorkflow {
  private static final Logger log = Workflow.getLogger(TrainingSetWorkflowImpl.class);

  private final TrainingSetActivities plan =
      Workflow.newActivityStub(
          TrainingSetActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(2))
              .setRetryOptions(FeaturePipelineImpl.STEP_RETRY)
              .build());

  /** Ten million labels take seconds; the timeout leaves room for label files a thousand times larger. */
  private final TrainingSetActivities build =
      Workflow.newActivityStub(
          TrainingSetActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofHours(4))
              .setHeartbeatTimeout(FeaturePipelineImpl.HEARTBEAT_TIMEOUT)
              .setRetryOptions(FeaturePipelineImpl.STEP_RETRY)
              .build());

  @Override
  public TrainingSetSummary run(TrainingSetInput input) {
    TrainingSetInput request = input == null ? new TrainingSetInput(null, null, null, null, null, null) : input;
    Map<String, String> problems = request.problems();
    if (!problems.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "Invalid training-set input: " + String.join("; ", problems.values()), "InvalidInput");
    }
    try {
      TrainingSetPlan planned = plan.planTrainingSet(request);
      log.info("Training set from {} into {} on user_features snapshot {} ({})",
          planned.labels(), planned.out(), planned.featureSnapshotId(), planned.snapshotChoice());
      return build.buildTrainingSet(planned);
    } catch (ActivityFailure failure) {
      if (failure.getCause() instanceof ApplicationFailure cause) {
        throw ApplicationFailure.newNonRetryableFailure(cause.getOriginalMessage(), cause.getType());
      }
      throw failure;
    }
  }
}
