package dev.floe.worker;

import dev.floe.catalog.FloeCatalog;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "export-features",
    mixinStandardHelpOptions = true,
    description = {
      "Export a user_features snapshot to a CSV or Parquet file.",
      "Columns user_id,dt,spending_mean_7d; the format follows the file's extension."
    })
final class ExportFeaturesCommand implements Callable<Integer> {
  @ParentCommand private Main floe;

  @Option(names = "--snapshot", paramLabel = "SNAPSHOT_ID", description = "user_features snapshot (default: current).")
  private Long snapshotId;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "A .csv or .parquet file.")
  private Path out;

  @Override
  public Integer call() {
    try (FloeCatalog catalog = floe.openExistingCatalog()) {
      // Swap in: new ModelData(catalog).exportFeatures(snapshotId, out)
      Object result = NotYetBuilt.call("ModelData.exportFeatures");
      floe.output().print(result, CommandOutput::json);
    }
    return ExitCode.OK.code();
  }
}
