package dev.floe.models;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.engine.DuckDb;
import dev.floe.engine.SnapshotFiles;
import dev.floe.engine.SqlFile;
import dev.floe.engine.SqlLiteral;
import dev.floe.engine.SqlStatement;
import dev.floe.error.NotFoundException;
import dev.floe.error.StorageException;
import dev.floe.features.Featurizer;
import dev.floe.workflows.CalibrateRequest;
import dev.floe.workflows.ModelCard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves that a registered model can be rebuilt from what it recorded: its features are recomputed
 * from scratch (the featurizer's full-recompute statement) over its raw_events snapshot and must
 * equal its user_features snapshot row for row (count and order-independent fingerprint, {@code
 * sql/user_features_fingerprint.sql}); its threshold is recomputed on them by the calibrator's
 * statement over its training window and quantile and must equal the registered one exactly (the
 * statement sums integer cents, so the same rows give the same bits); and the feature statement's
 * hash today must be the one recorded, since otherwise the recomputation used different SQL.
 */
public final class ModelReproducer {
  private static final Logger LOG = LoggerFactory.getLogger(ModelReproducer.class);

  private final FloeCatalog catalog;

  public ModelReproducer(FloeCatalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog is null");
  }

  public Reproduction reproduce(String modelVersion) {
    ModelCard model = new ModelRegistry(catalog).find(modelVersion);
    ModelRegistry.requireSingleFeature(model, "reproduce");
    Table raw = catalog.load(FloeTable.RAW_EVENTS);
    Table features = catalog.load(FloeTable.USER_FEATURES);
    requireSnapshot(raw, model.rawEventsSnapshotId(), model);
    requireSnapshot(features, model.featureSnapshotId(), model);
    String currentSqlHash = SqlFile.load(Featurizer.FEATURE_SQL).sha256();
    long started = System.nanoTime();
    Path scratch = scratchDirectory();
    try (Connection duck = DuckDb.open()) {
      SnapshotFiles recorded = SnapshotFiles.of(features, model.featureSnapshotId());
      SnapshotFiles recomputed =
          recompute(duck, SnapshotFiles.of(raw, model.rawEventsSnapshotId()), scratch);
      Fingerprint recordedRows = fingerprint(duck, recorded);
      Fingerprint recomputedRows = fingerprint(duck, recomputed);
      TrainingWindow window =
          new TrainingWindow(model.trainingWindowStart(), model.trainingWindowEnd());
      double quantile =
          model.quantile() == null ? CalibrateRequest.DEFAULT_QUANTILE : model.quantile();
      Threshold threshold =
          Calibrator.thresholdStatement(recomputed, window, quantile)
              .queryOne(
                  duck,
                  row -> new Threshold(row.getLong("training_rows"), row.getDouble("threshold")));
      Reproduction reproduction =
          judge(model, currentSqlHash, recordedRows, recomputedRows, threshold);
      LOG.info(
          "Reproduced model {} in {} ms: {}",
          modelVersion,
          (System.nanoTime() - started) / 1_000_000,
          reproduction.verdict());
      return reproduction;
    } catch (SQLException e) {
      throw new StorageException("Cannot reproduce " + modelVersion + ": " + e.getMessage(), e);
    } finally {
      deleteScratch(scratch);
    }
  }

  private static Reproduction judge(
      ModelCard model,
      String currentSqlHash,
      Fingerprint recorded,
      Fingerprint recomputed,
      Threshold threshold) {
    List<String> differences = new ArrayList<>();
    if (!currentSqlHash.equals(model.sqlHash())) {
      differences.add(
          "the feature SQL changed since training: recorded sha256 "
              + (model.sqlHash() == null ? "(none)" : model.sqlHash())
              + ", today "
              + currentSqlHash
              + "; the features were recomputed with today's SQL");
    }
    if (recorded.rows() != recomputed.rows()
        || !recorded.fingerprint().equals(recomputed.fingerprint())) {
      differences.add(
          "recomputed features differ from feature snapshot "
              + model.featureSnapshotId()
              + ": "
              + recomputed.rows()
              + " rows (fingerprint "
              + recomputed.fingerprint()
              + ") against "
              + recorded.rows()
              + " recorded (fingerprint "
              + recorded.fingerprint()
              + ")");
    }
    if (Double.compare(threshold.threshold(), model.decisionThreshold()) != 0) {
      differences.add(
          "recomputed threshold "
              + threshold.threshold()
              + " differs from the registered "
              + model.decisionThreshold());
    }
    if (model.trainingRows() != null && model.trainingRows() != threshold.trainingRows()) {
      differences.add(
          "the training window holds "
              + threshold.trainingRows()
              + " recomputed rows against "
              + model.trainingRows()
              + " recorded");
    }
    String verdict =
        differences.isEmpty()
            ? String.format(
                "REPRODUCED: model %s's %,d feature rows recomputed from raw_events snapshot %d"
                    + " equal feature snapshot %d, and its threshold %s is recomputed exactly",
                model.modelVersion(),
                recomputed.rows(),
                model.rawEventsSnapshotId(),
                model.featureSnapshotId(),
                threshold.threshold())
            : "NOT REPRODUCED: model "
                + model.modelVersion()
                + ": "
                + String.join("; ", differences);
    return new Reproduction(
        model.modelVersion(),
        differences.isEmpty(),
        verdict,
        differences,
        model.rawEventsSnapshotId(),
        model.featureSnapshotId(),
        model.sqlHash(),
        currentSqlHash,
        recorded.rows(),
        recomputed.rows(),
        recorded.fingerprint(),
        recomputed.fingerprint(),
        model.decisionThreshold(),
        threshold.threshold(),
        model.trainingRows(),
        threshold.trainingRows());
  }

  /** Every feature row of the raw snapshot, computed from scratch into one Parquet file. */
  private static SnapshotFiles recompute(Connection duck, SnapshotFiles rawEvents, Path scratch)
      throws SQLException {
    Path file = scratch.resolve("user_features.parquet");
    DateSpan days =
        SqlStatement.of(
                SqlFile.load("raw_events_date_range")
                    .render(Map.of("raw_events", rawEvents.relation())))
            .queryOne(
                duck,
                row ->
                    new DateSpan(
                        row.getObject("first_day", LocalDate.class),
                        row.getObject("last_day", LocalDate.class)));
    if (days.first() == null) {
      return new SnapshotFiles(FloeTable.USER_FEATURES.schema(), null, List.of());
    }
    String copy =
        "COPY (SELECT user_id, dt, spending_mean_7d FROM ("
            + Featurizer.fullRecomputeSql(rawEvents, days.first(), days.last())
            + ")) TO "
            + SqlLiteral.path(file)
            + " (FORMAT parquet)";
    try (PreparedStatement statement = duck.prepareStatement(copy)) {
      statement.execute();
    }
    return new SnapshotFiles(FloeTable.USER_FEATURES.schema(), null, List.of(file.toString()));
  }

  private static Fingerprint fingerprint(Connection duck, SnapshotFiles userFeatures) {
    return SqlStatement.of(
            SqlFile.load("user_features_fingerprint")
                .render(Map.of("user_features", userFeatures.relation())))
        .queryOne(
            duck, row -> new Fingerprint(row.getLong("row_count"), row.getString("fingerprint")));
  }

  private static void requireSnapshot(Table table, long snapshotId, ModelCard model) {
    if (table.snapshot(snapshotId) == null) {
      throw new NotFoundException(
          "Model "
              + model.modelVersion()
              + " names snapshot "
              + snapshotId
              + " of "
              + table.name()
              + ", which no longer exists");
    }
  }

  private static Path scratchDirectory() {
    try {
      return Files.createTempDirectory("floe-reproduce-");
    } catch (IOException e) {
      throw new StorageException("Cannot create a scratch directory: " + e.getMessage(), e);
    }
  }

  private static void deleteScratch(Path scratch) {
    try (var files = Files.list(scratch)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(scratch);
    } catch (IOException e) {
      LOG.warn("Cannot delete scratch directory {}: {}", scratch, e.getMessage());
    }
  }

  private record Fingerprint(long rows, String fingerprint) {}

  private record Threshold(long trainingRows, double threshold) {}

  private record DateSpan(LocalDate first, LocalDate last) {}
}
