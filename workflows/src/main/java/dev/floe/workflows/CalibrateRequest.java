package dev.floe.workflows;

import java.time.LocalDate;

/**
 * Calibrate a threshold over a feature snapshot (null: current). Null window bounds and quantile
 * take the defaults of DESIGN.md: end = last dt, start = end − 29 days, quantile 0.995.
 */
public record CalibrateRequest(
    Long featureSnapshotId, Double quantile, LocalDate windowStart, LocalDate windowEnd, String featureName) {
  public static final double DEFAULT_QUANTILE = 0.995;
  public static final String DEFAULT_FEATURE = "spending_mean_7d";
}
