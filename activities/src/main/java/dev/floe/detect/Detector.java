package dev.floe.detect;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.engine.DuckDb;
import dev.floe.engine.SnapshotFiles;
import dev.floe.engine.SqlFile;
import dev.floe.engine.SqlStatement;
import dev.floe.error.NotFoundException;
import dev.floe.error.StorageException;
import dev.floe.models.ModelRegistry;
import dev.floe.workflows.ModelCard;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.apache.iceberg.expressions.Expressions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores an amount against a registered model and explains the decision (DESIGN.md, "Detection"):
 * the user's history is read from the model's own feature snapshot, so a model decides today as it
 * did the day it was trained. Detection and debugging are one code path: {@code floe detect} prints
 * the decision of this same report.
 */
public final class Detector {
  /** Stands in for a zero deviation, so a flat history still gives a finite z-score. */
  static final double ZERO_STD_REPLACEMENT = 1e-6;

  private static final Logger LOG = LoggerFactory.getLogger(Detector.class);

  private final FloeCatalog catalog;
  private final ModelRegistry registry;

  public Detector(FloeCatalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.registry = new ModelRegistry(catalog);
  }

  public DebugReport debug(DebugRequest request) {
    return debug(request, this::history);
  }

  /**
   * Where a user's feature history comes from: by default a scan of the model's feature snapshot;
   * a long-running server may answer from memory instead (the dashboard's index of the snapshot).
   */
  @FunctionalInterface
  public interface HistorySource {
    /** The user's rows of {@code card}'s feature snapshot with {@code dt <= asOf}, oldest first. */
    List<FeatureValue> history(ModelCard card, long userId, LocalDate asOf);
  }

  /** As {@link #debug(DebugRequest)}, with the history from {@code source}: one scoring for both. */
  public DebugReport debug(DebugRequest request, HistorySource source) {
    requireNonNull(request, "request is null");
    return debug(request, registry.find(request.modelVersion()), source);
  }

  /**
   * As {@link #debug(DebugRequest, HistorySource)} with the request's model card already found: a
   * card never changes once registered, so a server may keep the cards it has read.
   */
  public DebugReport debug(DebugRequest request, ModelCard card, HistorySource source) {
    requireNonNull(request, "request is null");
    requireNonNull(card, "card is null");
    requireNonNull(source, "source is null");
    if (!card.modelVersion().equals(request.modelVersion())) {
      throw new IllegalArgumentException(
          "Card of model " + card.modelVersion() + " given for a request about " + request.modelVersion());
    }
    ModelRegistry.requireSingleFeature(card, "detect with");
    long started = System.nanoTime();
    LocalDate asOf = request.asOf() != null ? request.asOf() : card.trainingWindowEnd();
    List<FeatureValue> history = source.history(card, request.userId(), asOf);
    if (history.isEmpty()) {
      throw new NotFoundException(
          "User "
              + request.userId()
              + " has no "
              + card.featureName()
              + " history up to "
              + asOf
              + " in feature snapshot "
              + card.featureSnapshotId()
              + " of model "
              + card.modelVersion());
    }
    double[] values = history.stream().mapToDouble(value -> value.value().doubleValue()).toArray();
    double mean = new Mean().evaluate(values);
    double std = new StandardDeviation(false).evaluate(values);
    double scale = std == 0 ? ZERO_STD_REPLACEMENT : std;
    double threshold = card.decisionThreshold();
    double z = (request.amount().doubleValue() - mean) / scale;
    boolean anomalous = Math.abs(z) > threshold;

    double flipAbove = mean + threshold * scale;
    double flipBelow = mean - threshold * scale;
    DebugReport.Decision decision =
        new DebugReport.Decision(
            anomalous,
            round(z, 3),
            round(mean, 2),
            round(std, 2),
            threshold,
            cents(flipAbove),
            flipBelow < 0 ? null : cents(flipBelow));
    List<FeatureValue> lastN =
        history.subList(Math.max(0, history.size() - request.lastN()), history.size());
    DebugReport.Context context =
        new DebugReport.Context(
            asOf,
            request.userId(),
            history.get(history.size() - 1).value(),
            lastN.stream().map(FeatureValue::value).toList(),
            lastN.stream().map(FeatureValue::dt).toList());
    LOG.debug(
        "Scored user {} against model {} over {} history rows in {} ms",
        request.userId(),
        card.modelVersion(),
        history.size(),
        (System.nanoTime() - started) / 1_000_000);
    return new DebugReport(
        card.modelVersion(), decision, why(Math.abs(z), threshold, anomalous), context, card);
  }

  /** The user's rows of the model's feature snapshot up to {@code asOf}, oldest first. */
  private List<FeatureValue> history(ModelCard card, long userId, LocalDate asOf) {
    SnapshotFiles files =
        SnapshotFiles.of(
            catalog.load(FloeTable.USER_FEATURES),
            card.featureSnapshotId(),
            Expressions.and(
                Expressions.equal("user_id", userId),
                Expressions.lessThanOrEqual("dt", asOf.toString())));
    SqlStatement statement =
        SqlStatement.of(
            SqlFile.load("user_feature_history").render(Map.of("user_features", files.relation())),
            userId,
            asOf);
    try (Connection duck = DuckDb.open()) {
      return statement.query(
          duck,
          row ->
              new FeatureValue(
                  row.getObject("dt", LocalDate.class), row.getBigDecimal("spending_mean_7d")));
    } catch (SQLException e) {
      throw new StorageException(
          "Cannot read the history of user " + userId + ": " + e.getMessage(), e);
    }
  }

  /**
   * The seed's sentence, with both numbers to 2 decimals, or more where 2 would print them equal
   * although one exceeds the other.
   */
  static String why(double absZ, double threshold, boolean anomalous) {
    int digits = 2;
    while (digits < 9
        && absZ != threshold
        && format(absZ, digits).equals(format(threshold, digits))) {
      digits++;
    }
    String verdict = anomalous ? " exceeds threshold " : " is within threshold ";
    return "|z-score| " + format(absZ, digits) + verdict + format(threshold, digits);
  }

  private static String format(double value, int digits) {
    return String.format(Locale.ROOT, "%." + digits + "f", value);
  }

  private static double round(double value, int digits) {
    return BigDecimal.valueOf(value).setScale(digits, RoundingMode.HALF_UP).doubleValue();
  }

  private static BigDecimal cents(double amount) {
    return BigDecimal.valueOf(amount).setScale(2, RoundingMode.HALF_UP);
  }

  /** One row of a user's feature history. */
  public record FeatureValue(LocalDate dt, BigDecimal value) {}
}
