package dev.floe.worker;

import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.engine.QueryExport;
import dev.floe.models.ModelData;
import dev.floe.models.ModelRegistry;
import dev.floe.workflows.ModelCard;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code training-data} and {@code raw-data} share: a model version, an optional output file,
 * and the export itself. The two commands differ only in which of the model's snapshots they read.
 */
final class ModelRowsOptions {
  /** The rows of a model that a command exports, and the snapshot they come from. */
  enum Rows {
    TRAINING_DATA(FloeTable.USER_FEATURES) {
      @Override
      long snapshotId(ModelCard card) {
        return card.featureSnapshotId();
      }

      @Override
      QueryExport rows(ModelData data, String modelVersion) {
        return data.trainingData(modelVersion);
      }
    },
    RAW_DATA(FloeTable.RAW_EVENTS) {
      @Override
      long snapshotId(ModelCard card) {
        return card.rawEventsSnapshotId();
      }

      @Override
      QueryExport rows(ModelData data, String modelVersion) {
        return data.rawData(modelVersion);
      }
    };

    private final FloeTable table;

    Rows(FloeTable table) {
      this.table = table;
    }

    abstract long snapshotId(ModelCard card);

    abstract QueryExport rows(ModelData data, String modelVersion);
  }

  @Parameters(paramLabel = "VERSION", description = "Model version.")
  private String modelVersion;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Write the rows to a .csv or .parquet file instead.")
  private Path out;

  int export(Main floe, Rows rows) {
    try (FloeCatalog catalog = floe.openExistingCatalog()) {
      long snapshotId = rows.snapshotId(new ModelRegistry(catalog).find(modelVersion));
      FileExport.write(
          floe,
          rows.rows(new ModelData(catalog), modelVersion),
          out,
          modelVersion,
          rows.table.tableName(),
          snapshotId);
    }
    return ExitCode.OK.code();
  }
}
