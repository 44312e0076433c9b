package dev.floe.pointintime;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One user's newest feature row in a snapshot and the newest row with an earlier date ({@code
 * earlier}, null when the user has only one row): enough to answer "the latest row known at t" the
 * way the offline point-in-time lookup does, for every t from the moment {@code earlier} became
 * known, so an online store built from them survives the midnight on which {@code newest} becomes
 * known without being rebuilt. (Rows are gap-filled, so {@code earlier} is normally the day before.)
 */
public record NewestFeatureRows(FeatureValue newest, FeatureValue earlier) {
  public NewestFeatureRows {
    requireNonNull(newest, "newest is null");
    if (earlier != null && earlier.userId() != newest.userId()) {
      throw new IllegalArgumentException(
          "Rows of two users: " + newest.userId() + " and " + earlier.userId());
    }
    if (earlier != null && !earlier.dt().isBefore(newest.dt())) {
      throw new IllegalArgumentException(
          "The earlier row of user " + newest.userId() + " (" + earlier.dt() + ") is not before the newest ("
              + newest.dt() + ")");
    }
  }

  public static NewestFeatureRows only(FeatureValue newest) {
    return new NewestFeatureRows(newest, null);
  }

  public long userId() {
    return newest.userId();
  }

  /** The newest of the two rows known at {@code t} ({@code dt + 1 day <= t}), or null when neither is. */
  public FeatureValue knownAt(Instant t) {
    requireNonNull(t, "t is null");
    if (!KnownTime.knownFrom(newest.dt()).isAfter(t)) {
      return newest;
    }
    if (earlier != null && !KnownTime.knownFrom(earlier.dt()).isAfter(t)) {
      return earlier;
    }
    return null;
  }

  /** When the first of these rows becomes known: from then on {@link #knownAt} answers a row. */
  public Instant firstKnownFrom() {
    return KnownTime.knownFrom((earlier != null ? earlier : newest).dt());
  }
}
