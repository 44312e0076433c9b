package dev.floe.drift;

import static java.util.Objects.requireNonNull;

import dev.floe.error.InvalidInputException;

/**
 * What {@code floe drift} compares: the features of model {@code modelVersion} in its training rows
 * with the same features in user_features snapshot {@code snapshotId} (null: the current one), and
 * the thresholds past which a feature counts as drifted.
 */
public record DriftRequest(String modelVersion, Long snapshotId, double psiThreshold, double ksThreshold) {
  /** PSI above 0.2 is the usual line for a significant shift in credit and fraud scoring. */
  public static final double DEFAULT_PSI_THRESHOLD = 0.2;

  /** A largest gap of 0.1 between the two cumulative distributions. */
  public static final double DEFAULT_KS_THRESHOLD = 0.1;

  public DriftRequest {
    requireNonNull(modelVersion, "modelVersion is null");
    if (!(psiThreshold > 0) || Double.isInfinite(psiThreshold)) {
      throw new InvalidInputException(
          "Invalid PSI threshold " + psiThreshold + ": it must be a finite number greater than 0");
    }
    if (!(ksThreshold > 0 && ksThreshold <= 1)) {
      throw new InvalidInputException(
          "Invalid KS threshold " + ksThreshold + ": it must be greater than 0 and at most 1");
    }
  }

  /** The default thresholds. */
  public static DriftRequest of(String modelVersion, Long snapshotId) {
    return new DriftRequest(modelVersion, snapshotId, DEFAULT_PSI_THRESHOLD, DEFAULT_KS_THRESHOLD);
  }
}
