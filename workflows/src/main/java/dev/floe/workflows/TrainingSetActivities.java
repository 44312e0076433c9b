package dev.floe.workflows;

import io.temporal.activity.ActivityInterface;

/**
 * The TrainingSet workflow's steps. Invalid input (a missing file, a bad TTL, an unknown model, a
 * bad label row) fails with a non-retryable ApplicationFailure of type InvalidInput or NotFound.
 */
@ActivityInterface
public interface TrainingSetActivities {
  /** Checks the input and resolves its snapshot choice to one snapshot id; reads no labels. */
  TrainingSetPlan planTrainingSet(TrainingSetInput input);

  /**
   * Builds exactly the planned set. The output appears whole or not at all (written beside it and
   * renamed), and an attempt first removes what a crashed earlier attempt left, so a retry is clean.
   */
  TrainingSetSummary buildTrainingSet(TrainingSetPlan plan);
}
