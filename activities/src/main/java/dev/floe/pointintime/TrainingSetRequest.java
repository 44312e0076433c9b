package dev.floe.pointintime;

import static java.util.Objects.requireNonNull;

import dev.floe.error.InvalidInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A point-in-time training set to build: the label file, the feature snapshot to read, an optional
 * time-to-live (a match older than it counts as unknown), the output file (.csv or .parquet), and
 * the features to add ({@code features}: null for spending_mean_7d alone, as always; see
 * FeatureSelection).
 */
public record TrainingSetRequest(
    Path labels, FeatureSnapshotChoice snapshot, Duration ttl, Path out, List<String> features) {
  public TrainingSetRequest(Path labels, FeatureSnapshotChoice snapshot, Duration ttl, Path out) {
    this(labels, snapshot, ttl, out, null);
  }

  public TrainingSetRequest {
    features = features == null ? null : List.copyOf(features);
    requireNonNull(labels, "labels is null");
    requireNonNull(snapshot, "snapshot is null");
    requireNonNull(out, "out is null");
    if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
      throw new InvalidInputException("TTL must be positive, got " + ttl);
    }
  }
}
