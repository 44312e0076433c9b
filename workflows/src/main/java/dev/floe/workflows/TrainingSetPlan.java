package dev.floe.workflows;

import java.time.Duration;

/**
 * A training set as the plan activity fixed it: absolute paths, the snapshot choice resolved to one
 * concrete {@code user_features} snapshot id (recorded in the history, so a retried build can never
 * read a newer snapshot), how the choice was given, the TTL (null: none) and the checked feature
 * selection ({@code a,b}; null: spending_mean_7d alone, and absent from histories recorded before it).
 */
public record TrainingSetPlan(
    String labels, String out, long featureSnapshotId, String snapshotChoice, Duration ttl, String features) {
  public TrainingSetPlan(String labels, String out, long featureSnapshotId, String snapshotChoice, Duration ttl) {
    this(labels, out, featureSnapshotId, snapshotChoice, ttl, null);
  }
}
