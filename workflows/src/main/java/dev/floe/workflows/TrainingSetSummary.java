package dev.floe.workflows;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * What a training-set build wrote: every label row once ({@code rows}); of those, how many got
 * features, how many had a match older than the TTL (written as nulls), and how many had no row
 * known at their time at all. It is also the result of the TrainingSet workflow, whose {@code
 * featureSnapshotId} was resolved once, before the build, so every attempt reads the same snapshot.
 */
public record TrainingSetSummary(
    String out,
    String format,
    long rows,
    long rowsWithFeatures,
    long rowsPastTtl,
    long rowsWithoutHistory,
    long featureSnapshotId,
    String snapshotChoice,
    Duration ttl,
    double seconds,
    double rowsPerSecond) {
  public TrainingSetSummary {
    requireNonNull(out, "out is null");
    requireNonNull(format, "format is null");
    requireNonNull(snapshotChoice, "snapshotChoice is null");
  }

  /** The same summary, describing the snapshot choice as {@code choice}. */
  public TrainingSetSummary withSnapshotChoice(String choice) {
    return new TrainingSetSummary(
        out, format, rows, rowsWithFeatures, rowsPastTtl, rowsWithoutHistory, featureSnapshotId, choice, ttl,
        seconds, rowsPerSecond);
  }
}
