package dev.floe.detect;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.floe.workflows.ModelCard;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** The seed's debug report, key for key: a decision, why, its context and the model card. */
public record DebugReport(
    String modelVersion, Decision decision, String why, Context context, ModelCard modelCard) {

  public record Decision(
      boolean isAnomaly, double zScore, double historicalMean, double historicalStd, double thresholdUsed) {}

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
