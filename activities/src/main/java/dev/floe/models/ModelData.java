package dev.floe.models;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.engine.QueryExport;
import dev.floe.engine.SnapshotFiles;
import dev.floe.engine.SqlFile;
import dev.floe.engine.SqlStatement;
import dev.floe.features.registry.FeatureSelection;
import dev.floe.pointintime.PointInTimeColumns;
import dev.floe.workflows.ModelCard;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;

/**
 * The data behind a model, read back exactly from the snapshots it names, whatever was appended,
 * replaced or expired since (its tags keep those snapshots alive): its training rows, its raw
 * events, and any feature snapshot. Each is a {@link QueryExport}, so it can be written to a CSV or
 * Parquet file or streamed as rows.
 */
public final class ModelData {
  private final FloeCatalog catalog;
  private final ModelRegistry registry;

  public ModelData(FloeCatalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.registry = new ModelRegistry(catalog);
  }

  /** The model's training rows (its feature snapshot inside its window), ordered by dt, user_id. */
  public QueryExport trainingData(String modelVersion) {
    ModelCard card = registry.find(modelVersion);
    TrainingRows rows =
        TrainingRows.of(
            catalog.load(FloeTable.USER_FEATURES),
            card.featureSnapshotId(),
            new TrainingWindow(card.trainingWindowStart(), card.trainingWindowEnd()));
    return new QueryExport(
        new SqlStatement(
            SqlFile.load("features_in_order")
                .render(PointInTimeColumns.DEFAULT.with(Map.of("user_features", rows.relation()))),
            rows.parameters()));
  }

  /** The raw_events snapshot the model's features were computed from, ordered by time, id. */
  public QueryExport rawData(String modelVersion) {
    ModelCard card = registry.find(modelVersion);
    SnapshotFiles files =
        SnapshotFiles.of(catalog.load(FloeTable.RAW_EVENTS), card.rawEventsSnapshotId());
    return new QueryExport(
        SqlStatement.of(
            SqlFile.load("raw_events_in_order").render(Map.of("raw_events", files.relation()))));
  }

  /** Every row of a user_features snapshot (null: the current one), ordered by dt, user_id. */
  public QueryExport features(Long featureSnapshotId) {
    return features(featureSnapshotId, null);
  }

  /**
   * As {@link #features(Long)}: user_id, dt and the {@code features} named (null: spending_mean_7d
   * alone), each applied and a column of the snapshot (see FeatureSelection).
   */
  public QueryExport features(Long featureSnapshotId, List<String> features) {
    Table userFeatures = catalog.load(FloeTable.USER_FEATURES);
    FeatureSelection applied = FeatureSelection.applied(catalog, features);
    SnapshotFiles files = SnapshotFiles.of(userFeatures, featureSnapshotId);
    if (files.snapshotId() != null) {
      applied.requireColumnsOf(FeatureSelection.schemaOf(userFeatures, files.snapshotId()), files.snapshotId());
    } else {
      applied.requireColumnsOf(userFeatures.schema(), 0);
    }
    PointInTimeColumns columns = new PointInTimeColumns(applied);
    return new QueryExport(
        SqlStatement.of(
            SqlFile.load("features_in_order").render(columns.with(Map.of("user_features", columns.relation(files))))));
  }
}
