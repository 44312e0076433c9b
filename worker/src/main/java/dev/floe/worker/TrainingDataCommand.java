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
    name = "training-data",
    mixinStandardHelpOptions = true,
    description = {
      "Print or export the exact rows a model was trained on.",
      "They are the user_features rows of the model's feature snapshot inside its training window,",
      "whatever was appended or recomputed since. Without --out: JSON lines on stdout."
    })
final class TrainingDataCommand implements Callable<Integer> {
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
      long snapshotId = new ModelRegistry(catalog).find(modelVersion).featureSnapshotId();
      FileExport.write(
          floe,
          new ModelData(catalog).trainingData(modelVersion),
          out,
          modelVersion,
          FloeTable.USER_FEATURES.tableName(),
          snapshotId);
    }
    return ExitCode.OK.code();
  }
}
