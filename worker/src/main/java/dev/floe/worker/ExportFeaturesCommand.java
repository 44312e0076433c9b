package dev.floe.worker;

import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.features.registry.FeatureSelection;
import dev.floe.models.ModelData;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.iceberg.Snapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "export-features",
    mixinStandardHelpOptions = true,
    description = {
      "Export a user_features snapshot to a CSV or Parquet file.",
      "Columns user_id,dt,spending_mean_7d (or user_id,dt and the --features named); the format",
      "follows the file's extension."
    })
final class ExportFeaturesCommand implements Callable<Integer> {
  @ParentCommand private Main floe;

  @Option(
      names = "--snapshot",
      paramLabel = "SNAPSHOT_ID",
      description = "user_features snapshot (default: current).")
  private Long snapshotId;

  @Option(
      names = "--features",
      paramLabel = "A,B,C",
      description = "Applied features to export instead of spending_mean_7d, each a column of the snapshot.")
  private String features;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "A .csv or .parquet file.")
  private Path out;

  @Override
  public Integer call() {
    List<String> selected = FeatureSelection.parse("--features", features);
    try (FloeCatalog catalog = floe.openExistingCatalog()) {
      // Resolved here so the output names the snapshot that was exported, not "current".
      Snapshot current = catalog.load(FloeTable.USER_FEATURES).currentSnapshot();
      Long exported =
          snapshotId != null ? snapshotId : current == null ? null : current.snapshotId();
      FileExport.write(
          floe,
          new ModelData(catalog).features(exported, selected),
          out,
          null,
          FloeTable.USER_FEATURES.tableName(),
          exported);
    }
    return ExitCode.OK.code();
  }
}
