package dev.floe.activities;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.fault.FaultInjection;
import dev.floe.features.FeatureBackfill;
import dev.floe.workflows.BackfillActivities;
import dev.floe.workflows.BackfillChunkRequest;
import dev.floe.workflows.BackfillChunkResult;
import dev.floe.workflows.BackfillPlan;
import dev.floe.workflows.BackfillRequest;
import dev.floe.workflows.FeaturizeResult;
import io.temporal.activity.Activity;
import java.util.List;

/**
 * The backfill's activities over {@link FeatureBackfill}: heartbeats while a chunk computes, commit
 * lineage from the workflow run (so a retried commit finds its own), Floe's errors mapped the way
 * the pipeline's activities map them.
 */
public final class BackfillActivitiesImpl implements BackfillActivities, AutoCloseable {
  static final String STEP = "backfill";
  /** The name {@link FaultInjection} knows a chunk's computation by (chunks commit nothing). */
  static final String CHUNK_STEP = "backfill-chunk";

  private final FeatureBackfill backfill;
  private final ActivityHeartbeats heartbeats = new ActivityHeartbeats("floe-backfill-heartbeats");

  public BackfillActivitiesImpl(FloeCatalog catalog) {
    this.backfill = new FeatureBackfill(catalog);
  }

  @Override
  public BackfillPlan planBackfill(BackfillRequest request) {
    return heartbeats.run(() -> backfill.plan(request));
  }

  @Override
  public BackfillChunkResult computeChunk(BackfillChunkRequest chunk) {
    return heartbeats.run(() -> {
      FaultInjection.at(CHUNK_STEP, FaultInjection.Point.STARTED);
      return backfill.compute(chunk);
    });
  }

  @Override
  public FeaturizeResult commitBackfill(BackfillPlan plan, List<BackfillChunkResult> chunks) {
    var info = Activity.getExecutionContext().getInfo();
    CommitLineage lineage = new CommitLineage(info.getWorkflowId(), info.getWorkflowRunId(), STEP);
    return heartbeats.run(() -> backfill.commit(plan, chunks, lineage));
  }

  @Override
  public void close() {
    heartbeats.close();
  }
}
