package dev.floe.worker;

import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.models.ModelData;
import dev.floe.models.ModelRegistry;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "raw-data",
    mixinStandardHelpOptions = true,
    description = {
      "Print or export the raw transactions a model's features were built from.",
      "They are raw_events at the model's raw snapshot, whatever was appended since.",
      "Without --out: JSON lines on stdout."
    })
final class RawDataCommand implements Callable<Integer> {
  @ParentCommand private Main floe;

  @Parameters(paramLabel = "VERSION", description = "Model version.")
  private String modelVersion;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Write the rows to a .csv or .parquet file instead.")
  private Path out;

  @Override
  public Integer call() {
    try (FloeCatalog catalog = floe.openExistingCatalog()) {
      long snapshotId = new ModelRegistry(catalog).find(modelVersion).rawEventsSnapshotId();
      FileExport.write(
          floe,
          new ModelData(catalog).rawData(modelVersion),
          out,
          modelVersion,
          FloeTable.RAW_EVENTS.tableName(),
          snapshotId);
    }
    return ExitCode.OK.code();
  }
}
