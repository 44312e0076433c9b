package dev.floe.workflows;

import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Plan, then every chunk as its own activity at once (so several workers share the work), then one
 * commit. Only orchestration: the activities do all the reading and writing.
 */
public final class BackfillWorkflowImpl implements BackfillWorkflow {
  private static final Logger log = Workflow.getLogger(BackfillWorkflowImpl.class);

  private final BackfillActivities activities =
      Workflow.newActivityStub(
          BackfillActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofHours(1))
              .setHeartbeatTimeout(FeaturePipelineImpl.HEARTBEAT_TIMEOUT)
              .setRetryOptions(FeaturePipelineImpl.STEP_RETRY)
              .build());

  @Override
  public FeaturizeResult run(BackfillRequest request) {
    if (request == null) {
      throw ApplicationFailure.newNonRetryableFailure("Invalid backfill input: from and to are missing", "InvalidInput");
    }
    Map<String, String> problems = request.problems();
    if (!problems.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "Invalid backfill input: " + String.join("; ", problems.values()), "InvalidInput");
    }
    try {
      BackfillPlan plan = activities.planBackfill(request);
      log.info("Backfill of {}..{} from raw snapshot {} in {} chunks",
          plan.from(), plan.to(), plan.rawSnapshotId(), plan.chunks().size());
      List<Promise<BackfillChunkResult>> running = new ArrayList<>();
      for (BackfillChunkRequest chunk : plan.chunks()) {
        running.add(Async.function(activities::computeChunk, chunk));
      }
      List<BackfillChunkResult> chunks = new ArrayList<>();
      for (Promise<BackfillChunkResult> chunk : running) {
        chunks.add(chunk.get());
      }
      return activities.commitBackfill(plan, chunks);
    } catch (ActivityFailure failure) {
      if (failure.getCause() instanceof ApplicationFailure cause) {
        throw ApplicationFailure.newNonRetryableFailure(cause.getOriginalMessage(), cause.getType());
      }
      throw failure;
    }
  }
}
