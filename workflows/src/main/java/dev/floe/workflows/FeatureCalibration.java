package dev.floe.workflows;

import static java.util.Objects.requireNonNull;

/**
 * One feature of a model trained on several: the feature, the version of its definition in the
 * registry when the model was trained, and its own calibration (mean, population standard deviation
 * and threshold on |z|, computed as for a single-feature model).
 */
public record FeatureCalibration(
    String featureName, int definitionVersion, double featureMean, double featureStd, double threshold) {
  public FeatureCalibration {
    requireNonNull(featureName, "featureName is null");
  }
}
