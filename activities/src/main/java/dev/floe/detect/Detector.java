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
import dev.floe.workflows.CalibrateRequest;
import dev.floe.workflows.FeatureCalibration;
import dev.floe.workflows.ModelCard;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
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

  /** The feature whose history a transaction's amount is scored against. */
  private static final String AMOUNT_FEATURE = CalibrateRequest.DEFAULT_FEATURE;

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
    double threshold = amountThreshold(card);
    double z = (request.amount().doubleValue() - mean) / scale;
    List<DebugReport.FeatureScore> scores =
        card.features().isEmpty()
            ? List.of()
            : featureScores(card, request, asOf, z);
    boolean anomalous =
        scores.isEmpty()
            ? Math.abs(z) > threshold
            : scores.stream().anyMatch(DebugReport.FeatureScore::exceeded);

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
    String why = scores.isEmpty() ? why(Math.abs(z), threshold, anomalous) : why(scores);
    return new DebugReport(card.modelVersion(), decision, why, context, card, scores);
  }

  /**
   * The threshold the amount's z-score is held to: the model's, or on a model on several features
   * that of its spending_mean_7d (the feature the amount is scored against), else its first's.
   */
  private static double amountThreshold(ModelCard card) {
    return card.features().stream()
        .filter(feature -> feature.featureName().equals(AMOUNT_FEATURE))
        .mapToDouble(FeatureCalibration::threshold)
        .findFirst()
        .orElse(card.decisionThreshold());
  }

  /**
   * Each feature of a model on several, scored (README, "Models on several features"):
   * spending_mean_7d by the amount against the user's history, as a single-feature model; every
   * other feature by the user's newest value known at as_of against the feature's training
   * distribution (the model's mean and std of it), since an amount is not a value of it.
   */
  private List<DebugReport.FeatureScore> featureScores(
      ModelCard card, DebugRequest request, LocalDate asOf, double amountZ) {
    List<DebugReport.FeatureScore> scores = new ArrayList<>();
    for (FeatureCalibration feature : card.features()) {
      BigDecimal value;
      double z;
      if (feature.featureName().equals(AMOUNT_FEATURE)) {
        value = request.amount();
        z = amountZ;
      } else {
        value = newestValue(card, feature.featureName(), request.userId(), asOf);
        double scale = feature.featureStd() == 0 ? ZERO_STD_REPLACEMENT : feature.featureStd();
        z = (value.doubleValue() - feature.featureMean()) / scale;
      }
      scores.add(
          new DebugReport.FeatureScore(
              feature.featureName(),
              value,
              round(z, 3),
              feature.threshold(),
              Math.abs(z) > feature.threshold()));
    }
    return scores;
  }

  /** The user's newest value of {@code feature} in the model's snapshot up to {@code asOf}. */
  private BigDecimal newestValue(ModelCard card, String feature, long userId, LocalDate asOf) {
    SqlStatement statement =
        SqlStatement.of(
            SqlFile.load("user_feature_newest")
                .render(
                    Map.of(
                        "user_features", userFiles(card, userId, asOf).relation(),
                        "feature", feature)),
            userId,
            asOf);
    List<BigDecimal> values;
    try (Connection duck = DuckDb.open()) {
      values = statement.query(duck, row -> row.getBigDecimal("value"));
    } catch (SQLException e) {
      throw new StorageException(
          "Cannot read " + feature + " of user " + userId + ": " + e.getMessage(), e);
    }
    if (values.isEmpty()) {
      throw new NotFoundException(
          "User "
              + userId
              + " has no "
              + feature
              + " value up to "
              + asOf
              + " in feature snapshot "
              + card.featureSnapshotId()
              + " of model "
              + card.modelVersion());
    }
    return values.get(0);
  }

  /** The seed's sentence per feature, for the features that exceed (or, if none, for every one). */
  static String why(List<DebugReport.FeatureScore> scores) {
    List<DebugReport.FeatureScore> exceeded =
        scores.stream().filter(DebugReport.FeatureScore::exceeded).toList();
    return (exceeded.isEmpty() ? scores : exceeded)
        .stream()
            .map(
                score ->
                    score.name()
                        + ": "
                        + why(Math.abs(score.zScore()), score.threshold(), score.exceeded()))
            .collect(Collectors.joining("; "));
  }

  /** The user's rows of the model's feature snapshot up to {@code asOf}, oldest first. */
  private List<FeatureValue> history(ModelCard card, long userId, LocalDate asOf) {
    SnapshotFiles files = userFiles(card, userId, asOf);
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

  /** The files of the model's feature snapshot that may hold the user's rows up to {@code asOf}. */
  private SnapshotFiles userFiles(ModelCard card, long userId, LocalDate asOf) {
    return SnapshotFiles.of(
        catalog.load(FloeTable.USER_FEATURES),
        card.featureSnapshotId(),
        Expressions.and(
            Expressions.equal("user_id", userId),
            Expressions.lessThanOrEqual("dt", asOf.toString())));
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
