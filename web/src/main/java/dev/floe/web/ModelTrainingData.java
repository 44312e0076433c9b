package dev.floe.web;

import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.engine.DuckDb;
import dev.floe.engine.SnapshotFiles;
import dev.floe.engine.SqlFile;
import dev.floe.error.StorageException;
import dev.floe.workflows.ModelCard;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.expressions.Expressions;

/**
 * What the model page shows of a model's training data: the |z| histogram. A model names fixed
 * snapshots, so its histogram never changes and is computed once per model.
 */
final class ModelTrainingData {
  static final int BINS = 40;

  private final FloeCatalog catalog;
  private final Map<String, ZHistogram> histograms = new ConcurrentHashMap<>();

  ModelTrainingData(FloeCatalog catalog) {
    this.catalog = catalog;
  }

  /** Rows per |z| bin; bin {@code i} covers {@code [i, i + 1) × upperBound / bins}. */
  record ZHistogram(String modelVersion, double threshold, double upperBound, long rows, List<Long> counts) {
    ZHistogram {
      counts = List.copyOf(counts);
    }
  }

  ZHistogram histogram(ModelCard card) {
    return histograms.computeIfAbsent(card.modelVersion(), version -> computeHistogram(card));
  }

  private ZHistogram computeHistogram(ModelCard card) {
    SnapshotFiles files =
        SnapshotFiles.of(
            catalog.load(FloeTable.USER_FEATURES),
            card.featureSnapshotId(),
            Expressions.and(
                Expressions.greaterThanOrEqual("dt", card.trainingWindowStart().toString()),
                Expressions.lessThanOrEqual("dt", card.trainingWindowEnd().toString())));
    String sql = SqlFile.load("training_abs_z_histogram").render(Map.of("user_features", files.relation()));
    long[] counts = new long[BINS];
    double upperBound = card.decisionThreshold();
    long rows = 0;
    try (Connection connection = DuckDb.open();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, card.trainingWindowStart().toString());
      statement.setString(2, card.trainingWindowEnd().toString());
      statement.setDouble(3, card.decisionThreshold());
      statement.setInt(4, BINS);
      statement.setInt(5, BINS);
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          upperBound = result.getDouble("upper_bound");
          long count = result.getLong("rows");
          counts[result.getInt("bin")] += count;
          rows += count;
        }
      }
    } catch (SQLException e) {
      throw new StorageException("Cannot compute the |z| histogram of " + card.modelVersion() + ": " + e.getMessage(), e);
    }
    List<Long> boxed = new ArrayList<>(BINS);
    Arrays.stream(counts).forEach(boxed::add);
    return new ZHistogram(card.modelVersion(), card.decisionThreshold(), upperBound, rows, boxed);
  }
}
