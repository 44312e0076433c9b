package dev.floe.detect;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.floe.workflows.ModelCard;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The seed's debug report, key for key: a decision, why, its context and the model card. In the
 * decision, {@code z_score} is rounded to 3 decimals and the historical mean and std to 2
 * (half-up), for reading; {@code is_anomaly} is decided on the unrounded values, and {@code
 * threshold_used} is the model's threshold unrounded, so the decision can be reproduced from the
 * report.
 */
public record DebugReport(
    String modelVersion,
    Decision decision,
    String why,
    Context context,
    ModelCard modelCard,
    // Only a model on several features has them: a single-feature report keeps the seed's keys.
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FeatureScore> features) {
  public DebugReport {
    features = features == null ? List.of() : List.copyOf(features);
  }

  /** A single-feature model's report: the seed's keys, nothing else. */
  public DebugReport(
      String modelVersion, Decision decision, String why, Context context, ModelCard modelCard) {
    this(modelVersion, decision, why, context, modelCard, List.of());
  }

  /**
   * One feature of a model on several: the value scored (the amount for {@code spending_mean_7d},
   * else the user's newest value of the feature known at as_of), its z-score to 3 decimals, the
   * feature's threshold, and whether |z| exceeds it (decided on the unrounded z).
   */
  public record FeatureScore(
      String name, BigDecimal value, double zScore, double threshold, boolean exceeded) {}

  /**
   * Beyond the seed's keys: {@code anomalous_above} and {@code anomalous_below} are the amounts (to
   * the cent, half-up) where the decision flips for this user, that is mean ± threshold × std;
   * {@code anomalous_below} is null when even 0 is within the threshold.
   */
  public record Decision(
      @JsonProperty("is_anomaly") boolean isAnomaly,
      double zScore,
      double historicalMean,
      double historicalStd,
      double thresholdUsed,
      BigDecimal anomalousAbove,
      BigDecimal anomalousBelow) {}

  public record Context(
      LocalDate asOf,
      long userId,
      BigDecimal asOfFeatureValue,
      @JsonProperty("last_n_feature_values") List<BigDecimal> lastNFeatureValues,
      @JsonProperty("last_n_feature_dates") List<LocalDate> lastNFeatureDates) {
    public Context {
      lastNFeatureValues = List.copyOf(lastNFeatureValues);
      lastNFeatureDates = List.copyOf(lastNFeatureDates);
    }
  }
}
