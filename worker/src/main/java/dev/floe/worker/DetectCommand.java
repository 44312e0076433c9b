package dev.floe.worker;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.floe.catalog.FloeCatalog;
import dev.floe.detect.DebugReport;
import dev.floe.detect.DebugRequest;
import dev.floe.detect.Detector;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    description = "Decide whether an amount is anomalous for a user under a model.")
final class DetectCommand implements Callable<Integer> {
  @ParentCommand private Main floe;

  @Mixin private ScoringOptions scoring;

  /** The decision alone; {@code debug} prints it with its context and model card. */
  record Detection(
      String modelVersion,
      long userId,
      BigDecimal amount,
      LocalDate asOf,
      SeedDebugReport.Decision decision,
      String why,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<DebugReport.FeatureScore> features) {}

  @Override
  public Integer call() {
    try (FloeCatalog catalog = floe.openExistingCatalog()) {
      SeedDebugReport report =
          SeedDebugReport.of(
              new Detector(catalog).debug(scoring.request(DebugRequest.DEFAULT_LAST_N)));
      Detection detection =
          new Detection(
              report.modelVersion(),
              report.context().userId(),
              scoring.amount,
              report.context().asOf(),
              report.decision(),
              report.why(),
              report.features());
      floe.output().print(detection, DetectCommand::summary);
    }
    return ExitCode.OK.code();
  }

  static String summary(Detection detection) {
    return String.format(
        "%s: user %d paying %s as of %s under model %s: %s",
        detection.decision().isAnomaly() ? "ANOMALY" : "normal",
        detection.userId(),
        detection.amount().toPlainString(),
        detection.asOf(),
        detection.modelVersion(),
        detection.why());
  }
}
