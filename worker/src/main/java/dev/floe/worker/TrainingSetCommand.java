package dev.floe.worker;

import dev.floe.catalog.FloeCatalog;
import dev.floe.pointintime.FeatureSnapshotChoice;
import dev.floe.pointintime.TimeText;
import dev.floe.pointintime.TrainingSetBuilder;
import dev.floe.pointintime.TrainingSetRequest;
import dev.floe.workflows.TrainingSetSummary;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "training-set",
    mixinStandardHelpOptions = true,
    description = {
      "Build a point-in-time training set from a label file.",
      "Labels are CSV or Parquet with user_id, label, as_of_ts (other columns are carried through).",
      "Every label row comes out once, in input order, with feature_dt and spending_mean_7d of the",
      "latest feature row known at its as_of_ts (a row for day dt is known from dt + 1 day 00:00 UTC),",
      "or nulls when none is known or it is older than --ttl."
    })
final class TrainingSetCommand implements Callable<Integer> {
  @ParentCommand private Main floe;

  @Option(names = "--labels", required = true, paramLabel = "FILE", description = "A .csv or .parquet label file.")
  private Path labels;

  @ArgGroup(exclusive = true, multiplicity = "1")
  private SnapshotChoice snapshot;

  static final class SnapshotChoice {
    @Option(names = "--model", paramLabel = "VERSION", description = "Use the feature snapshot this model was trained on.")
    String model;

    @Option(names = "--snapshot", paramLabel = "SNAPSHOT_ID", description = "Use this user_features snapshot.")
    Long snapshotId;

    @Option(
        names = "--known-at",
        paramLabel = "INSTANT",
        description = "Use the user_features snapshot that was current then: the set as it would have been built.")
    String knownAt;
  }

  @Option(
      names = "--ttl",
      paramLabel = "DURATION",
      description = "Features older than this at as_of_ts count as unknown: 7d, 12h, 1d12h, PT12H.")
  private String ttl;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "A .csv or .parquet file to write.")
  private Path out;

  @Override
  public Integer call() {
    FeatureSnapshotChoice choice =
        FeatureSnapshotChoice.fromOptions(
            snapshot.model,
            snapshot.snapshotId,
            snapshot.knownAt == null ? null : TimeText.instant("--known-at", snapshot.knownAt),
            List.of("--model", "--snapshot", "--known-at"));
    TrainingSetRequest request =
        new TrainingSetRequest(Main.existingFile(labels, "label file"), choice, ttl == null ? null : TimeText.duration("--ttl", ttl), out);
    try (FloeCatalog catalog = floe.openExistingCatalog()) {
      TrainingSetSummary summary = new TrainingSetBuilder(catalog).build(request);
      floe.output().print(summary, TrainingSetCommand::describe);
    }
    return ExitCode.OK.code();
  }

  private static String describe(TrainingSetSummary summary) {
    return String.format(
        "Training set of %,d rows written to %s (%s) in %.2f s (%,.0f rows/s)%n"
            + "  feature snapshot %d (%s)%n"
            + "  %,d with features, %,d with none known at their time, %,d past the TTL%s",
        summary.rows(), summary.out(), summary.format(), summary.seconds(), summary.rowsPerSecond(),
        summary.featureSnapshotId(), summary.snapshotChoice(),
        summary.rowsWithFeatures(), summary.rowsWithoutHistory(), summary.rowsPastTtl(),
        summary.ttl() == null ? " (no TTL)" : " of " + summary.ttl());
  }
}
