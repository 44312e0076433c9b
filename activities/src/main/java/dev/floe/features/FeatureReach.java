package dev.floe.features;

import dev.floe.features.registry.Aggregation;
import dev.floe.features.registry.RegisteredFeature;
import java.util.List;

/**
 * How far a date's feature values reach into a user's events: the longest window, in days ending on
 * the date, and whether some value (days since the first event) depends on the user's first event
 * date wherever it lies. An event on day d changes the values on d .. d + windowDays - 1 only,
 * unless it moves its user's first event date earlier: then every later date of that user changes
 * too when {@code firstEventDateMatters}, and otherwise only the dates the user gains.
 */
record FeatureReach(int windowDays, boolean firstEventDateMatters) {
  /** spending_mean_7d alone: a 7-day window, and a value that ignores the first event date. */
  static final FeatureReach SPENDING_MEAN_7D = new FeatureReach(7, false);

  FeatureReach {
    if (windowDays < 1) {
      throw new IllegalArgumentException("Invalid window: " + windowDays + " days");
    }
  }

  /** The reach of computing every one of {@code features} in one pass. */
  static FeatureReach of(List<RegisteredFeature> features) {
    int windowDays = 1;
    boolean firstEventDateMatters = false;
    for (RegisteredFeature feature : features) {
      if (Aggregation.DAYS_SINCE_FIRST.fileName().equals(feature.aggregation())) {
        firstEventDateMatters = true;
      } else {
        windowDays = Math.max(windowDays, feature.windowDays());
      }
    }
    return new FeatureReach(windowDays, firstEventDateMatters);
  }

  /** Days of events before a date that its longest window includes. */
  int daysBefore() {
    return windowDays - 1;
  }
}
