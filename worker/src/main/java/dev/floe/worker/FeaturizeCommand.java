package dev.floe.worker;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.features.Featurizer;
import dev.floe.workflows.FeaturizeRequest;
import dev.floe.workflows.FeaturizeResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "featurize",
    mixinStandardHelpOptions = true,
    description = {
      "Compute spending_mean_7d from a raw_events snapshot into user_features.",
      "Only dates whose windows saw new raw data are recomputed; an up-to-date table commits"
          + " nothing. With applied feature definitions (floe features apply), every applied"
          + " feature is computed in one pass, as incrementally."
    })
final class FeaturizeCommand implements Callable<Integer> {
  @ParentCommand private Main floe;

  @Option(
      names = "--raw-snapshot",
      paramLabel = "SNAPSHOT_ID",
      description = "The raw_events snapshot to build from (default: the current one).")
  private Long rawSnapshotId;

  @Override
  public Integer call() {
    try (FloeCatalog catalog = floe.openExistingCatalog()) {
      FeaturizeResult result = featurize(catalog, rawSnapshotId, CommitLineage.direct("featurize"));
      floe.output().print(result, FeaturizeCommand::summary);
    }
    return ExitCode.OK.code();
  }

  static FeaturizeResult featurize(FloeCatalog catalog, Long rawSnapshotId, CommitLineage lineage) {
    return new Featurizer(catalog).featurize(new FeaturizeRequest(rawSnapshotId), lineage);
  }

  static String summary(FeaturizeResult result) {
    if (!result.committed()) {
      return String.format(
          "%s is already current for raw_events snapshot %d (snapshot %d, %,d rows): nothing"
              + " committed.",
          result.table(), result.rawSnapshotId(), result.snapshotId(), result.rows());
    }
    return String.format(
        "Recomputed %d date(s) %s..%s (%,d rows) from raw_events snapshot %d.%n%s snapshot %d holds"
            + " %,d rows.",
        result.datesRecomputed(),
        result.recomputedFrom(),
        result.recomputedTo(),
        result.rowsWritten(),
        result.rawSnapshotId(),
        result.table(),
        result.snapshotId(),
        result.rows());
  }
}
