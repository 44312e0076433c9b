package dev.floe.models;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.engine.DuckDb;
import dev.floe.engine.SnapshotFiles;
import dev.floe.engine.SqlFile;
import dev.floe.engine.SqlStatement;
import dev.floe.error.EmptyWindowException;
import dev.floe.error.InvalidInputException;
import dev.floe.error.StorageException;
import dev.floe.features.registry.FeatureSelection;
import dev.floe.pointintime.FeatureDates;
import dev.floe.workflows.CalibrateRequest;
import dev.floe.workflows.Calibration;
import dev.floe.workflows.FeatureCalibration;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.iceberg.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calibrates a model's decision threshold over a window of one feature snapshot (DESIGN.md,
 * "Calibration"). The whole computation is one DuckDB statement, {@code
 * sql/calibrate_threshold.sql}; Iceberg's scan planning keeps it to the window's files.
 */
public final class Calibrator {
  /** The features a model can be calibrated on; the featurizer computes exactly these. */
  public static final List<String> FEATURES = List.of(CalibrateRequest.DEFAULT_FEATURE);

  /** The statement that computes the features, whose hash every calibration records. */
  static final String FEATURE_SQL = "gapfilled_7day_spend";

  private static final Logger LOG = LoggerFactory.getLogger(Calibrator.class);

  private final FloeCatalog catalog;
  private final Supplier<String> featureSqlHash;

  public Calibrator(FloeCatalog catalog) {
    this(catalog, () -> SqlFile.load(FEATURE_SQL).sha256());
  }

  /** For tests that build features by hand, without the featurizer's statement. */
  Calibrator(FloeCatalog catalog, Supplier<String> featureSqlHash) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.featureSqlHash = requireNonNull(featureSqlHash, "featureSqlHash is null");
  }

  public Calibration calibrate(CalibrateRequest request) {
    requireNonNull(request, "request is null");
    return calibrateEach(request, List.of(featureName(request.featureName())), Map.of());
  }

  /**
   * Calibrates a model on several features (DESIGN.md, "Models on several features"): each is
   * calibrated by the single-feature statement over the same snapshot and window. Every feature must
   * be applied in the registry and a column of the feature snapshot, else nothing is computed. A
   * model on {@link CalibrateRequest#DEFAULT_FEATURE} alone is today's single-feature model.
   */
  public Calibration calibrate(CalibrateRequest request, List<String> featureNames) {
    requireNonNull(request, "request is null");
    requireNonNull(featureNames, "featureNames is null");
    if (featureNames.equals(List.of(CalibrateRequest.DEFAULT_FEATURE))) {
      return calibrate(request);
    }
    if (featureNames.isEmpty()) {
      throw new InvalidInputException("A model needs at least one feature");
    }
    return calibrateEach(
        request, featureNames, FeatureSelection.applied(catalog, featureNames).definitionVersions());
  }

  /**
   * The calibration of each of {@code featureNames}; {@code definitionVersions} is empty for a
   * single-feature model (whose calibration lists no features) and else has each feature's version.
   */
  private Calibration calibrateEach(
      CalibrateRequest request, List<String> featureNames, Map<String, Integer> definitionVersions) {
    double quantile = quantile(request.quantile());
    String sqlHash = featureSqlHash.get();
    Table userFeatures = catalog.load(FloeTable.USER_FEATURES);
    FeatureSnapshot snapshot = FeatureSnapshot.of(userFeatures, request.featureSnapshotId());
    if (!definitionVersions.isEmpty()) {
      new FeatureSelection(featureNames, definitionVersions)
          .requireColumnsOf(snapshot.schema(userFeatures), snapshot.featureSnapshotId());
    }
    long started = System.nanoTime();
    try (Connection duck = DuckDb.open()) {
      LocalDate end = request.windowEnd();
      if (end == null) {
        end = newestDate(userFeatures, snapshot);
      }
      TrainingWindow window = TrainingWindow.endingAt(request.windowStart(), end);
      SnapshotFiles files =
          SnapshotFiles.of(userFeatures, snapshot.featureSnapshotId(), window.dtFilter());
      List<FeatureCalibration> features = new ArrayList<>();
      Moments first = null;
      for (String featureName : featureNames) {
        Moments moments =
            thresholdStatement(new TrainingRows(files, window, featureName), quantile)
                .queryOne(
                    duck,
                    row ->
                        new Moments(
                            row.getLong("training_rows"),
                            row.getDouble("feature_mean"),
                            row.getDouble("feature_std"),
                            row.getDouble("threshold")));
        if (moments.trainingRows() == 0) {
          throw emptyWindow(duck, userFeatures, snapshot, window);
        }
        if (first == null) {
          first = moments;
        }
        if (!definitionVersions.isEmpty()) {
          features.add(
              new FeatureCalibration(
                  featureName,
                  definitionVersions.get(featureName),
                  moments.mean(),
                  moments.std(),
                  moments.threshold()));
        }
      }
      Calibration calibration =
          new Calibration(
              snapshot.featureSnapshotId(),
              snapshot.rawEventsSnapshotId(),
              String.join(",", featureNames),
              window.start(),
              window.end(),
              quantile,
              first.threshold(),
              first.trainingRows(),
              first.mean(),
              first.std(),
              sqlHash,
              features);
      LOG.info(
          "Calibrated threshold {} on {} over {} rows of feature snapshot {} in window {} in {} ms",
          calibration.threshold(),
          calibration.featureName(),
          calibration.trainingRows(),
          calibration.featureSnapshotId(),
          window,
          (System.nanoTime() - started) / 1_000_000);
      return calibration;
    } catch (SQLException e) {
      throw new StorageException("Cannot calibrate: " + e.getMessage(), e);
    }
  }

  /**
   * The calibration statement ({@code sql/calibrate_threshold.sql}) over the rows of {@code
   * userFeatures} inside {@code window}: one row of training_rows, feature_mean, feature_std and
   * threshold. Public so that {@code floe bench} can run the very statement calibrate runs over
   * plain Parquet files, without Iceberg around it.
   */
  public static SqlStatement thresholdStatement(
      SnapshotFiles userFeatures, TrainingWindow window, double quantile) {
    return thresholdStatement(new TrainingRows(userFeatures, window), quantile);
  }

  /**
   * As {@link #thresholdStatement(SnapshotFiles, TrainingWindow, double)}, on the feature column
   * {@code featureName}, which the caller checked is a column of {@code userFeatures}: how each
   * feature of a model on several is calibrated.
   */
  public static SqlStatement thresholdStatement(
      SnapshotFiles userFeatures, TrainingWindow window, String featureName, double quantile) {
    return thresholdStatement(new TrainingRows(userFeatures, window, featureName), quantile);
  }

  private static SqlStatement thresholdStatement(TrainingRows rows, double quantile) {
    List<Object> parameters = new ArrayList<>(rows.parameters());
    parameters.add(quantile);
    return new SqlStatement(
        SqlFile.load("calibrate_threshold")
            .render(Map.of("training_rows", rows.relation(), "feature", rows.feature())),
        parameters);
  }

  private static String featureName(String requested) {
    String name = requested == null ? CalibrateRequest.DEFAULT_FEATURE : requested;
    if (!FEATURES.contains(name)) {
      throw new InvalidInputException(
          "Unknown feature '"
              + name
              + "': the features that exist are "
              + String.join(", ", FEATURES));
    }
    return name;
  }

  private static double quantile(Double requested) {
    double quantile = requested == null ? CalibrateRequest.DEFAULT_QUANTILE : requested;
    if (!(quantile > 0 && quantile <= 1)) {
      throw new InvalidInputException(
          "Invalid quantile " + requested + ": it must be greater than 0 and at most 1");
    }
    return quantile;
  }

  /**
   * The snapshot's last dt, the default window's end, from Iceberg's partition values alone: no
   * data file is read (reading the dt column of every file cost some 0.1 s of calibrate's fixed
   * overhead at 9M rows).
   */
  private static LocalDate newestDate(Table userFeatures, FeatureSnapshot snapshot) {
    return FeatureDates.newest(userFeatures, snapshot.featureSnapshotId())
        .orElseThrow(
            () ->
                new EmptyWindowException(
                    "Feature snapshot "
                        + snapshot.featureSnapshotId()
                        + " of user_features holds no rows to train on"));
  }

  private static DateRange dateRange(
      Connection duck, Table userFeatures, FeatureSnapshot snapshot) {
    SnapshotFiles files = SnapshotFiles.of(userFeatures, snapshot.featureSnapshotId());
    DateRange range =
        SqlStatement.of(
                SqlFile.load("feature_date_range")
                    .render(Map.of("user_features", files.relation())))
            .queryOne(
                duck,
                row ->
                    new DateRange(
                        row.getObject("first_dt", LocalDate.class),
                        row.getObject("last_dt", LocalDate.class)));
    if (range.last() == null) {
      throw new EmptyWindowException(
          "Feature snapshot "
              + snapshot.featureSnapshotId()
              + " of user_features holds no rows to train on");
    }
    return range;
  }

  private static EmptyWindowException emptyWindow(
      Connection duck, Table userFeatures, FeatureSnapshot snapshot, TrainingWindow window) {
    DateRange range = dateRange(duck, userFeatures, snapshot);
    return new EmptyWindowException(
        "No feature rows in training window "
            + window
            + " of feature snapshot "
            + snapshot.featureSnapshotId()
            + ": its rows span ["
            + range.first()
            + ", "
            + range.last()
            + "]");
  }

  private record Moments(long trainingRows, double mean, double std, double threshold) {}

  private record DateRange(LocalDate first, LocalDate last) {}
}
