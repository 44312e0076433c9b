package dev.floe.pointintime;

import static java.util.Objects.requireNonNull;

import dev.floe.error.InvalidInputException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A point-in-time training set to build: the label file, the feature snapshot to read, an optional
 * time-to-live (a match older than it counts as unknown), and the output file (.csv or .parquet).
 */
public record TrainingSetRequest(Path labels, FeatureSnapshotChoice snapshot, Duration ttl, Path out) {
  public TrainingSetRequest {
    requireNonNull(labels, "labels is null");
    requireNonNull(snapshot, "snapshot is null");
    requireNonNull(out, "out is null");
    if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
      throw new InvalidInputException("TTL must be positive, got " + ttl);
    }
  }
}
