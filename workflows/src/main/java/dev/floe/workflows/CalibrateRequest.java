package dev.floe.workflows;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.util.List;

/**
 * Calibrate a threshold over a feature snapshot (null: current). Null window bounds and quantile
 * take the defaults of DESIGN.md: end = last dt, start = end − 29 days, quantile 0.995. {@code
 * features}, when not empty, names the features of a model on several (as {@code floe train
 * --features}); it is left out of the JSON when empty, so a single-feature request reads as it did.
 */
public record CalibrateRequest(
    Long featureSnapshotId,
    Double quantile,
    LocalDate windowStart,
    LocalDate windowEnd,
    String featureName,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> features) {
  public static final double DEFAULT_QUANTILE = 0.995;
  public static final String DEFAULT_FEATURE = "spending_mean_7d";

  public CalibrateRequest {
    features = features == null ? List.of() : List.copyOf(features);
  }

  /** A single-feature request. */
  public CalibrateRequest(
      Long featureSnapshotId, Double quantile, LocalDate windowStart, LocalDate windowEnd, String featureName) {
    this(featureSnapshotId, quantile, windowStart, windowEnd, featureName, List.of());
  }
}
