package dev.floe.workflows;

import java.time.LocalDate;

/** A calibrated threshold and exactly what it was computed from. */
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
    String sqlHash) {}
