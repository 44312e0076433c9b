package dev.floe.worker;

import dev.floe.catalog.FloeCatalog;
import dev.floe.features.registry.FeatureSelection;
import dev.floe.pointintime.FeatureSnapshotChoice;
import dev.floe.pointintime.FeatureValue;
import dev.floe.pointintime.FeaturesAsOf;
import dev.floe.pointintime.FeaturesAsOfSummary;
import dev.floe.pointintime.OfflineFeatures;
import dev.floe.pointintime.TimeText;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "features-as-of",
    mixinStandardHelpOptions = true,
    description = {
      "Every user's latest features known at an instant, with no label file.",
      "A row for day dt is known from dt + 1 day 00:00 UTC. Prints the rows as JSON, or writes them",
      "(user_id, feature_dt, spending_mean_7d) to --out and prints a summary. With --features, the",
      "JSON rows gain a features object and the file has those columns instead of spending_mean_7d."
    })
final class FeaturesAsOfCommand implements Callable<Integer> {
  private static final int PRETTY_ROWS = 10;

  @ParentCommand private Main floe;

  @Option(names = "--at", required = true, paramLabel = "INSTANT", description = "For example 2025-09-17T12:00:00Z or 2025-09-17.")
  private String at;

  @Option(
      names = "--known-at",
      paramLabel = "INSTANT",
      description = "Read the user_features snapshot that was current then (default: the current one).")
  private String knownAt;

  @Option(names = "--snapshot", paramLabel = "SNAPSHOT_ID", description = "Read this user_features snapshot.")
  private Long snapshotId;

  @Option(names = "--model", paramLabel = "VERSION", description = "Read the feature snapshot this model was trained on.")
  private String model;

  @Option(
      names = "--features",
      paramLabel = "A,B,C",
      description = "Applied features to give, each a column of the snapshot (default: spending_mean_7d, or the model's features with --model).")
  private String features;

  @Option(names = "--out", paramLabel = "FILE", description = "Write the rows to a .csv or .parquet file.")
  private Path out;

  @Override
  public Integer call() {
    Instant instant = TimeText.instant("--at", at);
    List<String> selected = FeatureSelection.parse("--features", features);
    FeatureSnapshotChoice choice =
        FeatureSnapshotChoice.fromOptions(
            model,
            snapshotId,
            knownAt == null ? null : TimeText.instant("--known-at", knownAt),
            List.of("--model", "--snapshot", "--known-at"));
    try (FloeCatalog catalog = floe.openExistingCatalog()) {
      OfflineFeatures offline = new OfflineFeatures(catalog);
      if (out != null) {
        floe.output().print(offline.export(instant, choice, selected, out), FeaturesAsOfCommand::describe);
      } else {
        floe.output().print(offline.asOf(instant, choice, selected), FeaturesAsOfCommand::describe);
      }
    }
    return ExitCode.OK.code();
  }

  private static String describe(FeaturesAsOfSummary summary) {
    return String.format(
        "Features of %,d users as known at %s written to %s (%s)%n  feature snapshot %d (%s)",
        summary.users(), summary.at(), summary.out(), summary.format(), summary.featureSnapshotId(), summary.snapshotChoice());
  }

  private static String describe(FeaturesAsOf features) {
    String head =
        features.features().stream()
            .limit(PRETTY_ROWS)
            .map(FeaturesAsOfCommand::line)
            .collect(Collectors.joining(System.lineSeparator()));
    int more = features.features().size() - PRETTY_ROWS;
    return String.format(
        "Features of %,d users as known at %s, from feature snapshot %d%n%s%s",
        features.features().size(), features.at(), features.featureSnapshotId(), head,
        more > 0 ? String.format("%n  … and %,d more (use --out FILE for all)", more) : "");
  }

  private static String line(FeatureValue value) {
    if (value.features() == null) {
      return String.format("  user %d: %s on %s", value.userId(), value.spendingMean7d().toPlainString(), value.dt());
    }
    String features =
        value.features().entrySet().stream()
            .map(feature -> feature.getKey() + " " + plain(feature.getValue()))
            .collect(Collectors.joining(", "));
    return String.format("  user %d on %s: %s", value.userId(), value.dt(), features);
  }

  private static String plain(Object value) {
    return value instanceof java.math.BigDecimal decimal ? decimal.toPlainString() : String.valueOf(value);
  }
}
