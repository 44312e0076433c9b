package dev.floe.worker;

import dev.floe.catalog.FloeCatalog;
import dev.floe.drift.DriftReport;
import dev.floe.drift.DriftRequest;
import dev.floe.drift.FeatureDrift;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "drift",
    mixinStandardHelpOptions = true,
    description = {
      "Compare each feature of a model now with the rows it was trained on (PSI and KS).",
      "The reference is the model's training rows; the current is the same feature in a",
      "user_features snapshot over a window of as many dates ending at its newest dt.",
      "Exits 0 whether or not a feature drifted: read 'drifted' in the output."
    })
final class DriftCommand implements Callable<Integer> {
  @ParentCommand private Main floe;

  @Option(names = "--model", required = true, paramLabel = "VERSION", description = "The model.")
  private String modelVersion;

  @Option(
      names = "--snapshot",
      paramLabel = "SNAPSHOT_ID",
      description = "user_features snapshot to compare (default: current).")
  private Long snapshotId;

  @Option(
      names = "--psi-threshold",
      paramLabel = "PSI",
      description = "A feature drifted when its PSI is above this (default: 0.2).")
  private double psiThreshold = DriftRequest.DEFAULT_PSI_THRESHOLD;

  @Option(
      names = "--ks-threshold",
      paramLabel = "D",
      description = "... or when its KS statistic D is above this, in (0, 1] (default: 0.1).")
  private double ksThreshold = DriftRequest.DEFAULT_KS_THRESHOLD;

  @Override
  public Integer call() {
    // Checked before the catalog is opened: a bad threshold never touches the store.
    DriftRequest request = new DriftRequest(modelVersion, snapshotId, psiThreshold, ksThreshold);
    try (FloeCatalog catalog = floe.openExistingCatalog()) {
      floe.output().print(new FeatureDrift(catalog).compare(request), DriftCommand::summary);
    }
    return ExitCode.OK.code();
  }

  static String summary(DriftReport report) {
    StringBuilder text =
        new StringBuilder(
            String.format(
                "Model %s: training rows %s to %s of snapshot %d against %s to %s of snapshot %d.%n"
                    + "%s (PSI > %s or KS D > %s).%n%n",
                report.modelVersion(),
                report.referenceWindowStart(),
                report.referenceWindowEnd(),
                report.referenceSnapshotId(),
                report.currentWindowStart(),
                report.currentWindowEnd(),
                report.currentSnapshotId(),
                report.drifted() ? "DRIFTED" : "No drift",
                report.psiThreshold(),
                report.ksThreshold()));
    text.append(
        String.format(
            "%-28s  %8s  %8s  %10s  %12s  %12s  %s%n",
            "feature", "psi", "ks D", "ks p", "reference", "current", "drifted"));
    for (DriftReport.FeatureComparison feature : report.features()) {
      text.append(
          String.format(
              "%-28s  %8.4f  %8.4f  %10.3g  %,12d  %,12d  %s%n",
              feature.name(),
              feature.psi(),
              feature.ksStatistic(),
              feature.ksPValue(),
              feature.referenceRows(),
              feature.currentRows(),
              feature.drifted() ? "DRIFTED" : "no"));
    }
    return text.toString();
  }
}
