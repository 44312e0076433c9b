package dev.floe.drift;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.List;

/**
 * Drift of a model's features: each feature's values in the model's training rows (the reference)
 * against its values in a later user_features snapshot over a window of as many dates (the
 * current). {@code drifted} is true when any feature drifted.
 */
public record DriftReport(
    String modelVersion,
    long referenceSnapshotId,
    LocalDate referenceWindowStart,
    LocalDate referenceWindowEnd,
    long currentSnapshotId,
    LocalDate currentWindowStart,
    LocalDate currentWindowEnd,
    double psiThreshold,
    double ksThreshold,
    boolean drifted,
    List<FeatureComparison> features) {
  public DriftReport {
    requireNonNull(modelVersion, "modelVersion is null");
    features = List.copyOf(features);
  }

  /**
   * One feature's two distributions compared. The PSI bins are fixed by the reference: bin 0 holds
   * values at most {@code binEdges[0]}, bin {@code i} values in {@code (binEdges[i-1], binEdges[i]]},
   * the last bin values above the last edge; the proportions are each side's rows per bin.
   */
  public record FeatureComparison(
      String name,
      double psi,
      double ksStatistic,
      // Spelled out: the default naming would run the p into the value (ks_pvalue).
      @JsonProperty("ks_p_value") double ksPValue,
      long referenceRows,
      long currentRows,
      boolean drifted,
      List<Double> binEdges,
      List<Double> referenceProportions,
      List<Double> currentProportions) {
    public FeatureComparison {
      requireNonNull(name, "name is null");
      binEdges = List.copyOf(binEdges);
      referenceProportions = List.copyOf(referenceProportions);
      currentProportions = List.copyOf(currentProportions);
    }
  }
}
