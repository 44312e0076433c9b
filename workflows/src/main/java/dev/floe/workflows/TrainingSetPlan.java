package dev.floe.workflows;

import java.time.Duration;

/**
 * A training set as the plan activity fixed it: absolute paths, the snapshot choice resolved to one
 * concrete {@code user_features} snapshot id (recorded in the history, so a retried build can never
 * read a newer snapshot), how the choice was given, and the TTL (null: none).
 */
public record TrainingSetPlan(String labels, String out, long featureSnapshotId, String snapshotChoice, Duration ttl) {}
