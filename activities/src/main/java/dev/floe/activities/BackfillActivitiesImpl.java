package dev.floe.activities;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.error.FloeException;
import dev.floe.features.FeatureBackfill;
import dev.floe.workflows.BackfillActivities;
import dev.floe.workflows.BackfillChunkRequest;
import dev.floe.workflows.BackfillChunkResult;
import dev.floe.workflows.BackfillPlan;
import dev.floe.workflows.BackfillRequest;
import dev.floe.workflows.FeaturePipelineImpl;
import dev.floe.workflows.FeaturizeResult;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The backfill's activities over {@link FeatureBackfill}: heartbeats while a chunk computes, commit
 * lineage from the workflow run (so a retried commit finds its own), Floe's errors mapped the way
 * the pipeline's activities map them.
 */
public final class BackfillActivitiesImpl implements BackfillActivities, AutoCloseable {
  static final String STEP = "backfill";
  private static final long HEARTBEAT_INTERVAL_MILLIS = FeaturePipelineImpl.HEARTBEAT_TIMEOUT.toMillis() / 5;

  private final FeatureBackfill backfill;
  private final ScheduledExecutorService heartbeats =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "floe-backfill-heartbeats");
            thread.setDaemon(true);
            return thread;
          });

  public BackfillActivitiesImpl(FloeCatalog catalog) {
    this.backfill = new FeatureBackfill(catalog);
  }

  @Override
  public BackfillPlan planBackfill(BackfillRequest request) {
    return run(() -> backfill.plan(request));
  }

  @Override
  public BackfillChunkResult computeChunk(BackfillChunkRequest chunk) {
    return run(() -> backfill.compute(chunk));
  }

  @Override
  public FeaturizeResult commitBackfill(BackfillPlan plan, List<BackfillChunkResult> chunks) {
    var info = Activity.getExecutionContext().getInfo();
    CommitLineage lineage = new CommitLineage(info.getWorkflowId(), info.getWorkflowRunId(), STEP);
    return run(() -> backfill.commit(plan, chunks, lineage));
  }

  private <T> T run(Supplier<T> body) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    ScheduledFuture<?> heartbeat =
        heartbeats.scheduleAtFixedRate(() -> beat(context), 0, HEARTBEAT_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    try {
      return body.get();
    } catch (FloeException e) {
      throw PipelineActivitiesImpl.toFailure(e);
    } finally {
      heartbeat.cancel(false);
    }
  }

  private static void beat(ActivityExecutionContext context) {
    // Cancelled or timed out on the server: rethrowing ends the periodic beat; the work itself
    // finishes and a retry finds what it left (files are uncommitted until the single commit).
    context.heartbeat(null);
  }

  @Override
  public void close() {
    heartbeats.shutdownNow();
  }
}
