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
import dev.floe.features.registry.FeatureRegistry;
import dev.floe.features.registry.RegisteredFeature;
import dev.floe.workflows.CalibrateRequest;
import dev.floe.workflows.FeatureCalibration;
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
import java.util.Optional;
import org.apache.iceberg.Schema;
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
 *
 * <p>A model on several features is recomputed by featurize's one-pass statement for the
 * definitions it recorded (the versions in its card), and judged column by column: each feature's
 * fingerprint, and its threshold, mean and standard deviation recomputed by the calibrator's
 * statement, each exactly.
 */
public final class ModelReproducer {
  private static final Logger LOG = LoggerFactory.getLogger(ModelReproducer.class);

  private final FloeCatalog catalog;

  public ModelReproducer(FloeCatalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog is null");
  }

  public Reproduction reproduce(String modelVersion) {
    ModelCard model = new ModelRegistry(catalog).find(modelVersion);
    Table raw = catalog.load(FloeTable.RAW_EVENTS);
    Table features = catalog.load(FloeTable.USER_FEATURES);
    requireSnapshot(raw, model.rawEventsSnapshotId(), model);
    requireSnapshot(features, model.featureSnapshotId(), model);
    List<RegisteredFeature> definitions = definitions(model, features);
    String currentSqlHash = SqlFile.load(Featurizer.FEATURE_SQL).sha256();
    long started = System.nanoTime();
    Path scratch = scratchDirectory();
    try (Connection duck = DuckDb.open()) {
      SnapshotFiles recorded = SnapshotFiles.of(features, model.featureSnapshotId());
      SnapshotFiles rawEvents = SnapshotFiles.of(raw, model.rawEventsSnapshotId());
      SnapshotFiles recomputed =
          definitions.isEmpty()
              ? recompute(duck, rawEvents, scratch, Featurizer::fullRecomputeSql)
              : recompute(
                  duck,
                  rawEvents,
                  scratch,
                  (events, first, last) ->
                      Featurizer.fullRecomputeSql(definitions, events, first, last));
      TrainingWindow window =
          new TrainingWindow(model.trainingWindowStart(), model.trainingWindowEnd());
      double quantile =
          model.quantile() == null ? CalibrateRequest.DEFAULT_QUANTILE : model.quantile();
      Reproduction reproduction =
          definitions.isEmpty()
              ? judge(
                  model,
                  currentSqlHash,
                  fingerprint(duck, recorded, CalibrateRequest.DEFAULT_FEATURE),
                  fingerprint(duck, recomputed, CalibrateRequest.DEFAULT_FEATURE),
                  calibrate(duck, recomputed, window, CalibrateRequest.DEFAULT_FEATURE, quantile))
              : judgeEach(model, currentSqlHash, duck, recorded, recomputed, window, quantile);
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

  /**
   * The definitions of a model on several features, at the versions it recorded and in its order;
   * empty for a model on one. Each must still be in the registry and a column of the model's
   * feature snapshot.
   */
  private List<RegisteredFeature> definitions(ModelCard model, Table features) {
    if (model.features().isEmpty()) {
      return List.of();
    }
    Schema schema =
        features.schemas().get(features.snapshot(model.featureSnapshotId()).schemaId());
    FeatureRegistry registry = new FeatureRegistry(catalog);
    List<RegisteredFeature> definitions = new ArrayList<>();
    for (FeatureCalibration feature : model.features()) {
      if (schema.findField(feature.featureName()) == null) {
        throw new NotFoundException(
            "Model "
                + model.modelVersion()
                + " uses feature '"
                + feature.featureName()
                + "', which is not a column of its feature snapshot "
                + model.featureSnapshotId());
      }
      definitions.add(
          registry
              .find(feature.featureName(), feature.definitionVersion())
              .orElseThrow(
                  () ->
                      new NotFoundException(
                          "Model "
                              + model.modelVersion()
                              + " names version "
                              + feature.definitionVersion()
                              + " of feature '"
                              + feature.featureName()
                              + "', which the feature registry does not hold")));
    }
    return definitions;
  }

  /**
   * Judges a model on several features: every feature's column and its mean, standard deviation
   * and threshold, each exactly.
   */
  private static Reproduction judgeEach(
      ModelCard model,
      String currentSqlHash,
      Connection duck,
      SnapshotFiles recorded,
      SnapshotFiles recomputed,
      TrainingWindow window,
      double quantile) {
    List<String> differences = new ArrayList<>();
    sqlHashDifference(model, currentSqlHash).ifPresent(differences::add);
    List<FeatureReproduction> features = new ArrayList<>();
    Fingerprint firstRecorded = null;
    Fingerprint firstRecomputed = null;
    Moments first = null;
    for (FeatureCalibration feature : model.features()) {
      String name = feature.featureName();
      Fingerprint recordedRows = fingerprint(duck, recorded, name);
      Fingerprint recomputedRows = fingerprint(duck, recomputed, name);
      Moments moments = calibrate(duck, recomputed, window, name, quantile);
      List<String> own = new ArrayList<>();
      rowsDifference(model, name, recordedRows, recomputedRows).ifPresent(own::add);
      compare(own, name + "'s threshold", feature.threshold(), moments.threshold());
      compare(own, name + "'s mean", feature.featureMean(), moments.mean());
      compare(own, name + "'s standard deviation", feature.featureStd(), moments.std());
      differences.addAll(own);
      features.add(
          new FeatureReproduction(
              name,
              feature.definitionVersion(),
              own.isEmpty(),
              recordedRows.fingerprint(),
              recomputedRows.fingerprint(),
              feature.featureMean(),
              moments.mean(),
              feature.featureStd(),
              moments.std(),
              feature.threshold(),
              moments.threshold()));
      if (first == null) {
        firstRecorded = recordedRows;
        firstRecomputed = recomputedRows;
        first = moments;
      }
    }
    trainingRowsDifference(model, first.trainingRows()).ifPresent(differences::add);
    String verdict =
        differences.isEmpty()
            ? String.format(
                "REPRODUCED: model %s's %,d feature rows recomputed from raw_events snapshot %d"
                    + " equal feature snapshot %d in each of its %d features, and each feature's"
                    + " threshold, mean and standard deviation are recomputed exactly",
                model.modelVersion(),
                firstRecomputed.rows(),
                model.rawEventsSnapshotId(),
                model.featureSnapshotId(),
                features.size())
            : notReproduced(model, differences);
    return new Reproduction(
        model.modelVersion(),
        differences.isEmpty(),
        verdict,
        differences,
        model.rawEventsSnapshotId(),
        model.featureSnapshotId(),
        model.sqlHash(),
        currentSqlHash,
        firstRecorded.rows(),
        firstRecomputed.rows(),
        firstRecorded.fingerprint(),
        firstRecomputed.fingerprint(),
        model.decisionThreshold(),
        first.threshold(),
        model.trainingRows(),
        first.trainingRows(),
        features);
  }

  private static void compare(List<String> differences, String what, double registered, double recomputed) {
    if (Double.compare(registered, recomputed) != 0) {
      differences.add(
          "recomputed " + what + " " + recomputed + " differs from the registered " + registered);
    }
  }

  private static Reproduction judge(
      ModelCard model,
      String currentSqlHash,
      Fingerprint recorded,
      Fingerprint recomputed,
      Moments threshold) {
    List<String> differences = new ArrayList<>();
    sqlHashDifference(model, currentSqlHash).ifPresent(differences::add);
    rowsDifference(model, null, recorded, recomputed).ifPresent(differences::add);
    if (Double.compare(threshold.threshold(), model.decisionThreshold()) != 0) {
      differences.add(
          "recomputed threshold "
              + threshold.threshold()
              + " differs from the registered "
              + model.decisionThreshold());
    }
    trainingRowsDifference(model, threshold.trainingRows()).ifPresent(differences::add);
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
            : notReproduced(model, differences);
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
        threshold.trainingRows(),
        List.of());
  }

  private static String notReproduced(ModelCard model, List<String> differences) {
    return "NOT REPRODUCED: model " + model.modelVersion() + ": " + String.join("; ", differences);
  }

  private static Optional<String> sqlHashDifference(ModelCard model, String currentSqlHash) {
    if (currentSqlHash.equals(model.sqlHash())) {
      return Optional.empty();
    }
    return Optional.of(
        "the feature SQL changed since training: recorded sha256 "
            + (model.sqlHash() == null ? "(none)" : model.sqlHash())
            + ", today "
            + currentSqlHash
            + "; the features were recomputed with today's SQL");
  }

  /** A difference of rows, naming the feature column for a model on several (else null). */
  private static Optional<String> rowsDifference(
      ModelCard model, String featureName, Fingerprint recorded, Fingerprint recomputed) {
    if (recorded.rows() == recomputed.rows()
        && recorded.fingerprint().equals(recomputed.fingerprint())) {
      return Optional.empty();
    }
    return Optional.of(
        "recomputed "
            + (featureName == null ? "features" : featureName)
            + " differ"
            + (featureName == null ? "" : "s")
            + " from feature snapshot "
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

  private static Optional<String> trainingRowsDifference(ModelCard model, long recomputedRows) {
    if (model.trainingRows() == null || model.trainingRows() == recomputedRows) {
      return Optional.empty();
    }
    return Optional.of(
        "the training window holds "
            + recomputedRows
            + " recomputed rows against "
            + model.trainingRows()
            + " recorded");
  }

  private static Moments calibrate(
      Connection duck,
      SnapshotFiles userFeatures,
      TrainingWindow window,
      String featureName,
      double quantile) {
    return Calibrator.thresholdStatement(userFeatures, window, featureName, quantile)
        .queryOne(
            duck,
            row ->
                new Moments(
                    row.getLong("training_rows"),
                    row.getDouble("feature_mean"),
                    row.getDouble("feature_std"),
                    row.getDouble("threshold")));
  }

  /** The full-recompute statement of some features over raw events and a span of dates. */
  @FunctionalInterface
  private interface RecomputeStatement {
    String sql(SnapshotFiles rawEvents, LocalDate first, LocalDate last);
  }

  /** Every feature row of the raw snapshot, computed from scratch into one Parquet file. */
  private static SnapshotFiles recompute(
      Connection duck, SnapshotFiles rawEvents, Path scratch, RecomputeStatement statement)
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
        "COPY (SELECT * EXCLUDE (__partition) FROM ("
            + statement.sql(rawEvents, days.first(), days.last())
            + ")) TO "
            + SqlLiteral.path(file)
            + " (FORMAT parquet)";
    try (PreparedStatement prepared = duck.prepareStatement(copy)) {
      prepared.execute();
    }
    return new SnapshotFiles(FloeTable.USER_FEATURES.schema(), null, List.of(file.toString()));
  }

  /** The rows and fingerprint of one feature column, a name the caller checked. */
  private static Fingerprint fingerprint(
      Connection duck, SnapshotFiles userFeatures, String featureName) {
    return SqlStatement.of(
            SqlFile.load("user_features_column_fingerprint")
                .render(
                    Map.of(
                        "user_features",
                        userFeatures.relationByColumnName(),
                        "feature",
                        featureName)))
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

  private record Moments(long trainingRows, double mean, double std, double threshold) {}

  private record DateSpan(LocalDate first, LocalDate last) {}
}
