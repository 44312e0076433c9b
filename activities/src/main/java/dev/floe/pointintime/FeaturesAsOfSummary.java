package dev.floe.pointintime;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** What a features-as-of export wrote: one row per user that had a row known at {@code at}. */
public record FeaturesAsOfSummary(
    String out, String format, Instant at, long users, long featureSnapshotId, String snapshotChoice, double seconds) {
  public FeaturesAsOfSummary {
    requireNonNull(out, "out is null");
    requireNonNull(format, "format is null");
    requireNonNull(at, "at is null");
    requireNonNull(snapshotChoice, "snapshotChoice is null");
  }
}
