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
import java.util.Optional;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Point-in-time reads of {@code user_features} without labels: what every user's features were
 * known to be at an instant, or one user's. Only the partitions of dates known by then are read.
 */
public final class OfflineFeatures {
  private static final Logger LOG = LoggerFactory.getLogger(OfflineFeatures.class);

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

  /**
   * Every user's newest row in snapshot {@code snapshotId}, whatever its date, with the newest row
   * before it: what an online store keeps, to answer "latest known at now" as {@link #asOf} does.
   * The statement "as of T" is built on, with T at the end of time, so the two never disagree.
   */
  public List<NewestFeatureRows> latest(long snapshotId) {
    Table table = catalog.load(FloeTable.USER_FEATURES);
    SnapshotFiles all = SnapshotFiles.of(table, snapshotId);
    Optional<LocalDate> newestDate = FeatureDates.newest(table, snapshotId);
    Connection connection = PointInTimeSql.open();
    try {
      if (newestDate.isEmpty()) {
        return newestRows(connection, all);
      }
      // Gap-filling puts every user's two newest rows on the snapshot's two newest dates, so only
      // those partitions are read (a fiftieth of the rows of a long history) when a check over the
      // older ones' user ids proves it; otherwise the whole snapshot is, as before.
      String lastTwo = newestDate.get().minusDays(1).toString();
      SnapshotFiles newest = SnapshotFiles.of(table, snapshotId, Expressions.greaterThanOrEqual("dt", lastTwo));
      SnapshotFiles older = SnapshotFiles.of(table, snapshotId, Expressions.lessThan("dt", lastTwo));
      long uncovered = older.isEmpty() ? 0 : uncoveredUsers(connection, newest, older);
      if (uncovered == 0) {
        return newestRows(connection, newest);
      }
      LOG.warn(
          "user_features snapshot {} has {} users with rows before {} whose two newest rows are not on {} and {}, "
              + "which gap-filling should rule out; reading the whole snapshot for their latest rows",
          snapshotId, uncovered, lastTwo, lastTwo, newestDate.get());
      return newestRows(connection, all);
    } finally {
      PointInTimeSql.closeQuietly(connection);
    }
  }

  private static List<NewestFeatureRows> newestRows(Connection connection, SnapshotFiles features) {
    return SqlStatement.of(newestKnown(features), Long.MAX_VALUE).query(connection, OfflineFeatures::newestRows);
  }

  private static long uncoveredUsers(Connection connection, SnapshotFiles newest, SnapshotFiles older) {
    return SqlStatement.of(
            SqlFile.load("features_older_users_uncovered")
                .render(Map.of("newest_features", newest.relation(), "older_features", older.relation())))
        .queryOne(connection, row -> row.getLong("uncovered"));
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

  private static String newestKnown(SnapshotFiles features) {
    return SqlFile.load("features_newest_known").render(Map.of("user_features", features.relation()));
  }

  private static NewestFeatureRows newestRows(ResultSet row) throws SQLException {
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
