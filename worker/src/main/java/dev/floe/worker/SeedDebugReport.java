package dev.floe.worker;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.floe.detect.DebugReport;
import java.util.List;

/**
 * The debug report exactly as the seed printed it, key for key, so scripts written against the seed
 * keep working. The library's {@link DebugReport} may carry more (the full model card with lineage,
 * the amounts where the decision flips); {@code --pretty} shows those to a person.
 */
record SeedDebugReport(
    String modelVersion,
    Decision decision,
    String why,
    DebugReport.Context context,
    SeedModelCard modelCard,
    // Only a model on several features has them, after the seed's keys.
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<DebugReport.FeatureScore> features) {

  record Decision(
      @JsonProperty("is_anomaly") boolean isAnomaly,
      double zScore,
      double historicalMean,
      double historicalStd,
      double thresholdUsed) {}

  static SeedDebugReport of(DebugReport report) {
    DebugReport.Decision decision = report.decision();
    return new SeedDebugReport(
        report.modelVersion(),
        new Decision(
            decision.isAnomaly(),
            decision.zScore(),
            decision.historicalMean(),
            decision.historicalStd(),
            decision.thresholdUsed()),
        report.why(),
        report.context(),
        SeedModelCard.of(report.modelCard()),
        report.features());
  }
}
