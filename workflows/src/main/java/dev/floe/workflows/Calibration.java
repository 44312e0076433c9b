package dev.floe.workflows;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.util.List;

/**
 * A calibrated threshold and exactly what it was computed from. {@code features} is empty for a
 * model on one feature; for a model on several it holds each feature's calibration, and the scalar
 * fields are those of the first.
 */
public record Calibration(
    long featureSnapshotId,
    long rawEventsSnapshotId,
    String featureName,
    LocalDate windowStart,
    LocalDate windowEnd,
    double quantile,
    double threshold,
    long trainingRows,
    double featureMean,
    double featureStd,
    String sqlHash,
    // Left out when empty, so a single-feature model's JSON stays exactly as it was.
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FeatureCalibration> features) {
  public Calibration {
    // A payload recorded before models had several features has none.
    features = features == null ? List.of() : List.copyOf(features);
  }
}
