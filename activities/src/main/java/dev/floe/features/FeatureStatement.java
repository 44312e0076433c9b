package dev.floe.features;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.FloeCatalog;
import dev.floe.engine.SqlFile;
import dev.floe.features.registry.RegisteredFeature;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * The one statement that computes a store's user_features: spending_mean_7d alone
 * (sql/gapfilled_7day_spend.sql) until features are applied, then every applied feature in one pass
 * (sql/applied_features.sql). Featurize and backfill both run it, so they give the same rows.
 *
 * @param sql the statement, with the relations {@code raw_events}, {@code earlier_features} and
 *     {@code date_ranges} left to fill
 * @param columns the user_features columns it writes
 * @param reach how far a date's values reach into the events
 * @param featureNames the applied features it computes, in column order (the value of {@link
 *     Featurizer#FEATURES_COMPUTED}); empty for spending_mean_7d alone
 */
record FeatureStatement(
    SqlFile sql, Schema columns, FeatureReach reach, Optional<String> featureNames) {
  FeatureStatement {
    requireNonNull(sql, "sql is null");
    requireNonNull(columns, "columns is null");
    requireNonNull(reach, "reach is null");
    requireNonNull(featureNames, "featureNames is null");
  }

  /** The statement for the features currently applied to {@code features}. */
  static FeatureStatement of(FloeCatalog catalog, Table features) {
    return of(Featurizer.appliedFeatures(catalog, features), features);
  }

  static FeatureStatement of(List<RegisteredFeature> applied, Table features) {
    if (applied.isEmpty()) {
      return new FeatureStatement(
          SqlFile.load(Featurizer.FEATURE_SQL),
          Featurizer.WRITTEN_COLUMNS,
          FeatureReach.SPENDING_MEAN_7D,
          Optional.empty());
    }
    return new FeatureStatement(
        FeatureSql.of(applied),
        Featurizer.writtenColumns(features, applied),
        FeatureReach.of(applied),
        Optional.of(Featurizer.featureNames(applied)));
  }

  /**
   * True when {@code snapshot} was computed by this very statement: the same features by the same
   * definitions (for spending_mean_7d alone, any snapshot that names no applied features).
   */
  boolean computed(Snapshot snapshot) {
    Map<String, String> summary = snapshot.summary();
    if (featureNames.isEmpty()) {
      return !summary.containsKey(Featurizer.FEATURES_COMPUTED);
    }
    return featureNames.get().equals(summary.get(Featurizer.FEATURES_COMPUTED))
        && sql.sha256().equals(summary.get(Featurizer.SQL_SHA256));
  }
}
