package dev.floe.pointintime;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.engine.SnapshotFiles;
import dev.floe.engine.QueryExport;
import dev.floe.engine.SqlFile;
import dev.floe.engine.SqlStatement;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;

/**
 * Point-in-time reads of {@code user_features} without labels: what every user's features were
 * known to be at an instant, or one user's. Only the partitions of dates known by then are read.
 */
public final class OfflineFeatures {
  private final FloeCatalog catalog;

  public OfflineFeatures(FloeCatalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog is null");
  }

  /** Every user's latest row known at {@code at}, by user id. */
  public FeaturesAsOf asOf(Instant at, FeatureSnapshotChoice choice) {
    SnapshotFiles features = knownAt(at, choice);
    Connection connection = PointInTimeSql.open();
    try {
      List<FeatureValue> rows = asOf(features, KnownTime.epochMicros(at)).query(connection, OfflineFeatures::featureValue);
      return new FeaturesAsOf(at, features.snapshotId(), rows);
    } finally {
      PointInTimeSql.closeQuietly(connection);
    }
  }

  /** As {@link #asOf(Instant, FeatureSnapshotChoice)}, written to a .csv or .parquet file. */
  public FeaturesAsOfSummary export(Instant at, FeatureSnapshotChoice choice, Path out) {
    long started = System.nanoTime();
    QueryExport.Format format = QueryExport.Format.of(out);
    SnapshotFiles features = knownAt(at, choice);
    Connection connection = PointInTimeSql.open();
    try {
      long users = new QueryExport(asOf(features, KnownTime.epochMicros(at))).writeTo(connection, out);
      return new FeaturesAsOfSummary(
          out.toAbsolutePath().normalize().toString(),
          format.name().toLowerCase(Locale.ROOT),
          at,
          users,
          features.snapshotId(),
          choice.describe(),
          (System.nanoTime() - started) / 1e9);
    } finally {
      PointInTimeSql.closeQuietly(connection);
    }
  }

  /** One user's latest row known at {@code at}; not found is an answer, not an error. */
  public OfflineLookup lookup(long userId, Instant at, FeatureSnapshotChoice choice) {
    SnapshotFiles features = knownAt(at, choice);
    Connection connection = PointInTimeSql.open();
    try {
      List<FeatureValue> rows =
          SqlStatement.of(
                  SqlFile.load("features_as_of_user").render(Map.of("user_features", features.relation())),
                  KnownTime.epochMicros(at),
                  userId)
              .query(connection, OfflineFeatures::featureValue);
      FeatureValue row = rows.isEmpty() ? null : rows.get(0);
      return new OfflineLookup(
          userId, at, features.snapshotId(), row == null ? null : row.dt(), row == null ? null : row.spendingMean7d());
    } finally {
      PointInTimeSql.closeQuietly(connection);
    }
  }

  private SnapshotFiles knownAt(Instant at, FeatureSnapshotChoice choice) {
    requireNonNull(at, "at is null");
    Table table = catalog.load(FloeTable.USER_FEATURES);
    Snapshot snapshot = new FeatureSnapshots(catalog).resolve(table, choice);
    return SnapshotFiles.of(
        table,
        snapshot.snapshotId(),
        Expressions.lessThanOrEqual("dt", KnownTime.latestKnownDate(at).toString()));
  }

  /** Every user's latest row known at {@code atMicros}; Long.MAX_VALUE for every row. */
  private static SqlStatement asOf(SnapshotFiles features, long atMicros) {
    return SqlStatement.of(
        SqlFile.load("features_as_of").render(Map.of("features_newest_known", newestKnown(features))), atMicros);
  }

  /**
   * The statement "as of T" is built on, shared with {@link NewestRowsReader} (T at the end of
   * time), so the online and offline answers never disagree.
   */
  static String newestKnown(SnapshotFiles features) {
    return SqlFile.load("features_newest_known").render(Map.of("user_features", features.relation()));
  }

  static NewestFeatureRows newestRows(ResultSet row) throws SQLException {
    LocalDate earlierDt = row.getObject("earlier_dt", LocalDate.class);
    return new NewestFeatureRows(
        featureValue(row),
        earlierDt == null
            ? null
            : new FeatureValue(row.getLong("user_id"), earlierDt, row.getBigDecimal("earlier_spending_mean_7d")));
  }

  static FeatureValue featureValue(ResultSet row) throws SQLException {
    return new FeatureValue(
        row.getLong("user_id"),
        row.getObject("feature_dt", LocalDate.class),
        row.getBigDecimal("spending_mean_7d"));
  }
}
