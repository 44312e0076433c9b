package dev.floe.pointintime;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * What a training-set build wrote: every label row once ({@code rows}); of those, how many got
 * features, how many had a match older than the TTL (written as nulls), and how many had no row
 * known at their time at all.
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
}
