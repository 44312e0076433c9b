package dev.floe.models;

import static java.util.Objects.requireNonNull;

/**
 * One feature of a model on several, as {@code floe reproduce} found it: its column recomputed from
 * the model's raw_events snapshot against its feature snapshot (an order-independent fingerprint),
 * and its calibration recomputed on that column against the registered one.
 */
public record FeatureReproduction(
    String featureName,
    int definitionVersion,
    boolean reproduced,
    String recordedFingerprint,
    String recomputedFingerprint,
    double recordedMean,
    double recomputedMean,
    double recordedStd,
    double recomputedStd,
    double recordedThreshold,
    double recomputedThreshold) {
  public FeatureReproduction {
    requireNonNull(featureName, "featureName is null");
    requireNonNull(recordedFingerprint, "recordedFingerprint is null");
    requireNonNull(recomputedFingerprint, "recomputedFingerprint is null");
  }
}
