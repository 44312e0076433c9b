package dev.floe.worker;

import dev.floe.catalog.FloeCatalog;
import dev.floe.detect.DebugReport;
import dev.floe.detect.DebugRequest;
import dev.floe.detect.Detector;
import dev.floe.workflows.ModelCard;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "debug",
    mixinStandardHelpOptions = true,
    description = "Explain a decision: z-score, the user's history, and the model card it used.")
final class DebugCommand implements Callable<Integer> {
  @ParentCommand private Main floe;

  @Mixin private ScoringOptions scoring;

  @Option(
      names = "--last-n",
      paramLabel = "N",
      defaultValue = "" + DebugRequest.DEFAULT_LAST_N,
      description = "History rows to show (default: ${DEFAULT-VALUE}).")
  private int lastN;

  @Override
  public Integer call() {
    try (FloeCatalog catalog = floe.openExistingCatalog()) {
      DebugReport report = new Detector(catalog).debug(scoring.request(lastN));
      floe.output().print(SeedDebugReport.of(report), seedShape -> summary(report, scoring.amount));
    }
    return ExitCode.OK.code();
  }

  /**
   * For a person: the seed's report plus what the library adds (where the decision flips, lineage).
   */
  static String summary(DebugReport report, BigDecimal amount) {
    DebugReport.Decision decision = report.decision();
    DebugReport.Context context = report.context();
    ModelCard card = report.modelCard();
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            "%s: user %d paying %s as of %s under model %s%n",
            decision.isAnomaly() ? "ANOMALY" : "normal",
            context.userId(),
            amount.toPlainString(),
            context.asOf(),
            report.modelVersion()));
    text.append(String.format("  why        %s%n", report.why()));
    text.append(
        String.format(
            "  z-score    %.3f = (amount - mean %.2f) / std %.2f; threshold %.3f%n",
            decision.zScore(),
            decision.historicalMean(),
            decision.historicalStd(),
            decision.thresholdUsed()));
    text.append(
        String.format(
            "  flips at   anomalous above %s%s%n",
            plain(decision.anomalousAbove()),
            decision.anomalousBelow() == null
                ? ""
                : " or below " + plain(decision.anomalousBelow())));
    text.append(
        String.format(
            "  feature    %s on %s: %s%n",
            card.featureName(), context.asOf(), plain(context.asOfFeatureValue())));
    List<LocalDate> dates = context.lastNFeatureDates();
    List<BigDecimal> values = context.lastNFeatureValues();
    if (!dates.isEmpty()) {
      text.append(String.format("  history    last %d day(s):%n", dates.size()));
      for (int i = 0; i < dates.size(); i++) {
        text.append(String.format("             %s  %s%n", dates.get(i), plain(values.get(i))));
      }
    }
    text.append(
        String.format(
            "  model      trained %s on user_features snapshot %d (raw_events snapshot %d),%n"
                + "             window %s..%s, quantile %s, threshold %.3f, %s training rows%n",
            card.trainedAt(),
            card.featureSnapshotId(),
            card.rawEventsSnapshotId(),
            card.trainingWindowStart(),
            card.trainingWindowEnd(),
            card.quantile(),
            card.decisionThreshold(),
            card.trainingRows() == null ? "?" : String.format("%,d", card.trainingRows())));
    return text.toString();
  }

  private static String plain(BigDecimal value) {
    return value == null ? "none" : value.toPlainString();
  }
}
