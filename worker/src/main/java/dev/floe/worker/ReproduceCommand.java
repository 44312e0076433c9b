package dev.floe.worker;

import dev.floe.catalog.FloeCatalog;
import dev.floe.models.FeatureReproduction;
import dev.floe.models.ModelReproducer;
import dev.floe.models.Reproduction;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "reproduce",
    mixinStandardHelpOptions = true,
    description = {
      "Prove that model V can be rebuilt from what it recorded: recompute its features from its",
      "raw_events snapshot and compare them with its feature snapshot, recompute its threshold,",
      "and check the feature SQL's hash. Prints the verdict; exits 7 on any difference."
    })
final class ReproduceCommand implements Callable<Integer> {
  @ParentCommand private Main floe;
  @Spec private CommandSpec spec;

  @Parameters(paramLabel = "V", description = "The model version, e.g. v20250917101502.")
  private String modelVersion;

  @Override
  public Integer call() {
    try (FloeCatalog catalog = floe.openExistingCatalog()) {
      Reproduction reproduction = new ModelReproducer(catalog).reproduce(modelVersion);
      floe.output().print(reproduction, ReproduceCommand::summary);
      if (reproduction.reproduced()) {
        return ExitCode.OK.code();
      }
      spec.commandLine().getErr().println("floe: " + reproduction.verdict());
      return ExitCode.NOT_REPRODUCED.code();
    }
  }

  static String summary(Reproduction reproduction) {
    StringBuilder summary = new StringBuilder(singleFeatureSummary(reproduction));
    for (FeatureReproduction feature : reproduction.features()) {
      summary.append(
          String.format(
              "  %s (definition v%d)  %s: fingerprint %s recomputed, %s recorded; threshold %s"
                  + " recomputed, %s registered; mean %s, %s; std %s, %s%n",
              feature.featureName(),
              feature.definitionVersion(),
              feature.reproduced() ? "equal" : "DIFFERENT",
              feature.recomputedFingerprint(),
              feature.recordedFingerprint(),
              feature.recomputedThreshold(),
              feature.recordedThreshold(),
              feature.recomputedMean(),
              feature.recordedMean(),
              feature.recomputedStd(),
              feature.recordedStd()));
    }
    return summary.toString();
  }

  private static String singleFeatureSummary(Reproduction reproduction) {
    return String.format(
        "%s%n  features   %,d recomputed rows (fingerprint %s), %,d recorded (fingerprint %s)%n"
            + "  threshold  %s recomputed, %s registered%n"
            + "  feature SQL sha256 %s today, %s recorded%n",
        reproduction.verdict(),
        reproduction.recomputedFeatureRows(),
        reproduction.recomputedFingerprint(),
        reproduction.recordedFeatureRows(),
        reproduction.recordedFingerprint(),
        reproduction.recomputedThreshold(),
        reproduction.recordedThreshold(),
        reproduction.currentSqlHash(),
        reproduction.recordedSqlHash());
  }
}
