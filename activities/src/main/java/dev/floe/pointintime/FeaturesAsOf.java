package dev.floe.pointintime;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/** Every user's latest features known at {@code at}, from one feature snapshot, by user id. */
public record FeaturesAsOf(Instant at, long featureSnapshotId, List<FeatureValue> features) {
  public FeaturesAsOf {
    requireNonNull(at, "at is null");
    features = List.copyOf(features);
  }
}
