package dev.floe.pointintime;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * Which {@code user_features} snapshot a point-in-time question reads: the current one, the one a
 * model was trained on, an exact snapshot id, or the one that was current at an earlier instant (so
 * a training set can be rebuilt exactly as it would have been then, late-arriving data excluded).
 */
public sealed interface FeatureSnapshotChoice {

  static FeatureSnapshotChoice current() {
    return new Current();
  }

  static FeatureSnapshotChoice ofModel(String modelVersion) {
    return new OfModel(modelVersion);
  }

  static FeatureSnapshotChoice snapshot(long snapshotId) {
    return new Exact(snapshotId);
  }

  static FeatureSnapshotChoice knownAt(Instant knownAt) {
    return new KnownAt(knownAt);
  }

  /** Words for messages and summaries, for example {@code model v20250917000000}. */
  String describe();

  record Current() implements FeatureSnapshotChoice {
    @Override
    public String describe() {
      return "current snapshot";
    }
  }

  record OfModel(String modelVersion) implements FeatureSnapshotChoice {
    public OfModel {
      requireNonNull(modelVersion, "modelVersion is null");
    }

    @Override
    public String describe() {
      return "model " + modelVersion;
    }
  }

  record Exact(long snapshotId) implements FeatureSnapshotChoice {
    @Override
    public String describe() {
      return "snapshot " + snapshotId;
    }
  }

  record KnownAt(Instant knownAt) implements FeatureSnapshotChoice {
    public KnownAt {
      requireNonNull(knownAt, "knownAt is null");
    }

    @Override
    public String describe() {
      return "snapshot current at " + knownAt;
    }
  }
}
