package dev.floe.worker;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.features.registry.FeatureApplyResult;
import dev.floe.features.registry.FeatureApplyResult.AppliedFeature;
import dev.floe.features.registry.FeatureDefinitions;
import dev.floe.features.registry.FeatureRegistry;
import dev.floe.features.registry.RegisteredFeature;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    description = "Feature definitions as code: apply a folder of them, list the registry.",
    subcommands = {FeaturesCommand.Apply.class, FeaturesCommand.ListFeatures.class})
final class FeaturesCommand implements Callable<Integer> {
  @ParentCommand private Main floe;

  @Spec private CommandSpec spec;

  /** {@code floe features} alone: its usage, on stderr, as a malformed command line. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE.code();
  }

  @Command(
      name = "apply",
      mixinStandardHelpOptions = true,
      description = {
        "Validate every feature definition (*.json) in DIR, record new and changed ones in the"
            + " feature_definitions registry and add their columns to user_features.",
        "Columns are added by Iceberg schema evolution: no data file is rewritten. A definition"
            + " whose computation changed is refused (give it a new name); one bad definition"
            + " applies nothing."
      })
  static final class Apply implements Callable<Integer> {
    @ParentCommand private FeaturesCommand features;

    @Parameters(
        paramLabel = "DIR",
        arity = "0..1",
        defaultValue = "features",
        description = "The folder of definitions (default: ${DEFAULT-VALUE}).")
    private Path directory;

    @Override
    public Integer call() {
      var definitions = FeatureDefinitions.load(directory);
      try (FloeCatalog catalog = features.floe.openCatalog()) {
        FeatureApplyResult result =
            new FeatureRegistry(catalog)
                .apply(definitions, CommitLineage.direct("features-apply"));
        features.floe.output().print(result, FeaturesCommand::summary);
      }
      return ExitCode.OK.code();
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "The newest version of every applied feature definition.")
  static final class ListFeatures implements Callable<Integer> {
    @ParentCommand private FeaturesCommand features;

    @Option(
        names = "--snapshot",
        paramLabel = "SNAPSHOT_ID",
        description = "The registry as this feature_definitions snapshot held it (default: now).")
    private Long snapshotId;

    @Override
    public Integer call() {
      try (FloeCatalog catalog = features.floe.openExistingCatalog()) {
        FeatureRegistry registry = new FeatureRegistry(catalog);
        Listing listing =
            new Listing(
                FloeTable.FEATURE_DEFINITIONS.tableName(),
                snapshotId != null ? snapshotId : currentSnapshot(catalog),
                snapshotId == null ? registry.list() : registry.list(snapshotId));
        features.floe.output().print(listing, FeaturesCommand::summary);
      }
      return ExitCode.OK.code();
    }

    private static Long currentSnapshot(FloeCatalog catalog) {
      if (!catalog.exists(FloeTable.FEATURE_DEFINITIONS)) {
        return null;
      }
      var current = catalog.load(FloeTable.FEATURE_DEFINITIONS).currentSnapshot();
      return current == null ? null : current.snapshotId();
    }
  }

  /** The registry at one snapshot (null: none yet). */
  record Listing(String table, Long snapshotId, List<RegisteredFeature> features) {
    Listing {
      features = List.copyOf(features);
    }
  }

  static String summary(FeatureApplyResult result) {
    StringBuilder text = new StringBuilder();
    for (AppliedFeature feature : result.features()) {
      text.append(
          String.format(
              "%-10s %-32s v%-3d %s%n",
              feature.change().name().toLowerCase(java.util.Locale.ROOT),
              feature.name(),
              feature.version(),
              feature.file()));
    }
    for (String kept : result.keptFeatures()) {
      text.append(String.format("%-10s %s (applied earlier, not in this folder)%n", "kept", kept));
    }
    text.append(
        result.committed()
            ? String.format(
                "Recorded %d definition version(s) in %s snapshot %d.", result.rows(), result.table(), result.snapshotId())
            : "Every definition is already applied: nothing committed.");
    if (!result.addedColumns().isEmpty()) {
      text.append(
          String.format(
              "%nAdded %d column(s) to user_features: %s.",
              result.addedColumns().size(), String.join(", ", result.addedColumns())));
    }
    return text.toString();
  }

  static String summary(Listing listing) {
    if (listing.features().isEmpty()) {
      return "No feature definitions applied yet: run 'floe features apply [DIR]'.";
    }
    StringBuilder text =
        new StringBuilder(
            String.format(
                "%-32s %-4s %-16s %-10s %6s %-14s %-12s %s%n",
                "feature", "ver", "aggregation", "column", "window", "type", "owner", "ttl"));
    for (RegisteredFeature feature : listing.features()) {
      text.append(
          String.format(
              "%-32s %-4d %-16s %-10s %6s %-14s %-12s %s%n",
              feature.name(),
              feature.version(),
              feature.aggregation(),
              feature.sourceColumn() == null ? "-" : feature.sourceColumn(),
              feature.windowDays() == null ? "-" : feature.windowDays() + "d",
              feature.dataType(),
              feature.owner(),
              feature.ttl() == null ? "-" : feature.ttl()));
    }
    text.append(String.format("%s snapshot %d.", listing.table(), listing.snapshotId()));
    return text.toString();
  }
}
