package dev.floe.pointintime;

import static java.util.Objects.requireNonNull;

import dev.floe.error.InvalidInputException;
import java.time.Instant;
import java.util.List;

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

  /**
   * The choice made by at most one of a model version, a snapshot id or a known-at instant (each
   * null when not given); none means the current snapshot. {@code names} are the three as the user
   * typed them (flags or query parameters), for the message when more than one is given.
   */
  static FeatureSnapshotChoice fromOptions(String model, Long snapshot, Instant knownAt, List<String> names) {
    int given = (model != null ? 1 : 0) + (snapshot != null ? 1 : 0) + (knownAt != null ? 1 : 0);
    if (given > 1) {
      throw new InvalidInputException("Give at most one of " + String.join(", ", names) + " to choose the feature snapshot");
    }
    if (model != null) {
      return ofModel(model);
    }
    if (snapshot != null) {
      return snapshot(snapshot);
    }
    return knownAt != null ? knownAt(knownAt) : current();
  }

  /**
   * Exactly one of a model version, a snapshot id or a known-at instant, as typed (null when not
   * given): the form a query string or a workflow's JSON input gives them in. {@code names} are the
   * three as the user typed them, for the messages.
   */
  static FeatureSnapshotChoice exactlyOne(String model, String snapshot, String knownAt, List<String> names) {
    if (model == null && snapshot == null && knownAt == null) {
      throw new InvalidInputException("Give one of " + String.join(", ", names) + " to choose the feature snapshot");
    }
    return fromOptions(
        model,
        snapshot == null ? null : snapshotId(names.get(1), snapshot),
        knownAt == null ? null : TimeText.instant(names.get(2), knownAt),
        names);
  }

  private static long snapshotId(String field, String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new InvalidInputException(field + " '" + text + "' is not a snapshot id (a whole number)");
    }
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
