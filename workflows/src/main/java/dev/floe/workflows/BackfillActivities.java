package dev.floe.workflows;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * The backfill's steps. Chunks only write files; the commit adds all of them at once (and a retried
 * commit finds the one an earlier attempt made). Invalid input fails with a non-retryable
 * ApplicationFailure of type InvalidInput or NotFound.
 */
@ActivityInterface
public interface BackfillActivities {
  BackfillPlan planBackfill(BackfillRequest request);

  BackfillChunkResult computeChunk(BackfillChunkRequest chunk);

  FeaturizeResult commitBackfill(BackfillPlan plan, List<BackfillChunkResult> chunks);
}
