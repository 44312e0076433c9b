package dev.floe.drift;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.drift.DriftReport.FeatureComparison;
import dev.floe.engine.DuckDb;
import dev.floe.engine.SqlFile;
import dev.floe.engine.SqlStatement;
import dev.floe.error.EmptyWindowException;
import dev.floe.error.InvalidInputException;
import dev.floe.error.NotFoundException;
import dev.floe.error.StorageException;
import dev.floe.models.ModelRegistry;
import dev.floe.models.TrainingRows;
import dev.floe.models.TrainingWindow;
import dev.floe.pointintime.FeatureDates;
import dev.floe.workflows.FeatureCalibration;
import dev.floe.workflows.ModelCard;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drift of a model's features (README, "Drift"): for each feature the model uses, its values in the
 * model's training rows (the reference: its feature snapshot inside its training window, the rows
 * {@code floe training-data} gives) against its values in a user_features snapshot (the current:
 * the rows of a window of as many dates ending at that snapshot's newest dt). Both measures, PSI on
 * ten bins fixed by the reference's deciles and the two-sample Kolmogorov–Smirnov statistic, are
 * computed on every row, sorted once.
 *
 * <p>A report depends only on the model, the snapshot and the thresholds, and data files never
 * change, so the last few are kept: the dashboard and /metrics ask again and again and scan once.
 */
public final class FeatureDrift {
  private static final Logger LOG = LoggerFactory.getLogger(FeatureDrift.class);
  private static final int KEPT_REPORTS = 16;

  private final FloeCatalog catalog;
  private final ModelRegistry registry;
  private final Map<Key, DriftReport> kept =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, DriftReport> eldest) {
          return size() > KEPT_REPORTS;
        }
      };

  public FeatureDrift(FloeCatalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.registry = new ModelRegistry(catalog);
  }

  /** The drift of every feature of the request's model; computed once per model and snapshot. */
  public DriftReport compare(DriftRequest request) {
    requireNonNull(request, "request is null");
    ModelCard card = registry.find(request.modelVersion());
    Table userFeatures = catalog.load(FloeTable.USER_FEATURES);
    Snapshot current = snapshot(userFeatures, request.snapshotId());
    Key key =
        new Key(
            card.modelVersion(),
            current.snapshotId(),
            request.psiThreshold(),
            request.ksThreshold());
    synchronized (kept) {
      DriftReport report = kept.get(key);
      if (report != null) {
        return report;
      }
    }
    DriftReport report = compute(card, userFeatures, current, request);
    synchronized (kept) {
      kept.put(key, report);
    }
    return report;
  }

  /** The report kept for this model and snapshot with the default thresholds, if computed. */
  public Optional<DriftReport> kept(String modelVersion, long snapshotId) {
    synchronized (kept) {
      return Optional.ofNullable(
          kept.get(
              new Key(
                  modelVersion,
                  snapshotId,
                  DriftRequest.DEFAULT_PSI_THRESHOLD,
                  DriftRequest.DEFAULT_KS_THRESHOLD)));
    }
  }

  /** The features a model uses, in its order: a single-feature model's is its feature_name. */
  public static List<String> featuresOf(ModelCard card) {
    return card.features().isEmpty()
        ? List.of(card.featureName())
        : card.features().stream().map(FeatureCalibration::featureName).toList();
  }

  private DriftReport compute(
      ModelCard card, Table userFeatures, Snapshot current, DriftRequest request) {
    long started = System.nanoTime();
    TrainingWindow referenceWindow =
        new TrainingWindow(card.trainingWindowStart(), card.trainingWindowEnd());
    LocalDate newest =
        FeatureDates.newest(userFeatures, current.snapshotId())
            .orElseThrow(
                () ->
                    new EmptyWindowException(
                        "Feature snapshot "
                            + current.snapshotId()
                            + " of user_features holds no rows to compare with"));
    TrainingWindow currentWindow = referenceWindow.sameLengthEndingAt(newest);
    List<String> features = featuresOf(card);
    requireColumns(userFeatures, current, features);
    List<FeatureComparison> comparisons = new ArrayList<>();
    try (Connection duck = DuckDb.open()) {
      for (String feature : features) {
        TrainingRows reference =
            TrainingRows.of(userFeatures, card.featureSnapshotId(), referenceWindow, feature);
        TrainingRows now =
            TrainingRows.of(userFeatures, current.snapshotId(), currentWindow, feature);
        double[] referenceValues =
            values(duck, feature, reference.relation(), reference.parameters());
        double[] currentValues =
            values(duck, feature, now.relationByColumnName(), now.parameters());
        if (currentValues.length == 0) {
          throw new EmptyWindowException(
              "No values of "
                  + feature
                  + " in window "
                  + currentWindow
                  + " of feature snapshot "
                  + current.snapshotId());
        }
        comparisons.add(compare(feature, referenceValues, currentValues, request));
      }
    } catch (SQLException e) {
      throw new StorageException("Cannot read feature values for drift: " + e.getMessage(), e);
    }
    DriftReport report =
        new DriftReport(
            card.modelVersion(),
            card.featureSnapshotId(),
            referenceWindow.start(),
            referenceWindow.end(),
            current.snapshotId(),
            currentWindow.start(),
            currentWindow.end(),
            request.psiThreshold(),
            request.ksThreshold(),
            comparisons.stream().anyMatch(FeatureComparison::drifted),
            comparisons);
    LOG.info(
        "Drift of model {} against user_features snapshot {}: {} features in {} ms",
        card.modelVersion(),
        current.snapshotId(),
        comparisons.size(),
        (System.nanoTime() - started) / 1_000_000);
    return report;
  }

  /** One feature's comparison; sorts both samples in place. */
  static FeatureComparison compare(
      String feature, double[] reference, double[] current, DriftRequest request) {
    Arrays.sort(reference);
    Arrays.sort(current);
    double[] edges = DriftStatistics.binEdges(reference);
    double[] referenceProportions = DriftStatistics.proportions(reference, edges);
    double[] currentProportions = DriftStatistics.proportions(current, edges);
    double psi = DriftStatistics.psi(referenceProportions, currentProportions);
    double statistic = DriftStatistics.ksStatistic(reference, current);
    double pValue = DriftStatistics.ksPValue(reference, current, statistic);
    return new FeatureComparison(
        feature,
        psi,
        statistic,
        pValue,
        reference.length,
        current.length,
        psi > request.psiThreshold() || statistic > request.ksThreshold(),
        boxed(edges),
        boxed(referenceProportions),
        boxed(currentProportions));
  }

  private static double[] values(
      Connection duck, String feature, String rows, List<Object> parameters) throws SQLException {
    String sql =
        SqlFile.load("drift_feature_values").render(Map.of("rows", rows, "feature", feature));
    double[] values = new double[1 << 16];
    int count = 0;
    try (PreparedStatement statement = new SqlStatement(sql, parameters).prepare(duck);
        ResultSet result = statement.executeQuery()) {
      while (result.next()) {
        if (count == values.length) {
          values = Arrays.copyOf(values, values.length * 2);
        }
        values[count++] = result.getDouble(1);
      }
    }
    return Arrays.copyOf(values, count);
  }

  private static Snapshot snapshot(Table userFeatures, Long snapshotId) {
    Snapshot snapshot =
        snapshotId == null ? userFeatures.currentSnapshot() : userFeatures.snapshot(snapshotId);
    if (snapshot != null) {
      return snapshot;
    }
    throw snapshotId == null
        ? new NotFoundException("Table user_features has no snapshot yet: run 'floe featurize' first")
        : new NotFoundException("Snapshot " + snapshotId + " does not exist in table user_features");
  }

  /** A snapshot older than a feature has no column for it: nothing to compare. */
  private static void requireColumns(Table userFeatures, Snapshot snapshot, List<String> features) {
    Integer schemaId = snapshot.schemaId();
    Schema schema = schemaId == null ? null : userFeatures.schemas().get(schemaId);
    Schema columns = schema == null ? userFeatures.schema() : schema;
    for (String feature : features) {
      if (columns.findField(feature) == null) {
        throw new InvalidInputException(
            "Feature '"
                + feature
                + "' is not a column of user_features snapshot "
                + snapshot.snapshotId()
                + ", which is older than the feature; compare with a later snapshot");
      }
    }
  }

  private static List<Double> boxed(double[] values) {
    return Arrays.stream(values).boxed().toList();
  }

  private record Key(String modelVersion, long snapshotId, double psiThreshold, double ksThreshold) {}
}
