package dev.floe.pointintime;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.engine.QueryExport;
import dev.floe.engine.SnapshotFiles;
import dev.floe.engine.SqlFile;
import dev.floe.engine.SqlStatement;
import dev.floe.features.registry.FeatureSelection;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;

/**
 * Point-in-time reads of {@code user_features} without labels: what every user's features were
 * known to be at an instant, or one user's. Only the partitions of dates known by then are read.
 * Each read takes a feature selection ({@link FeatureSelection#parse}; null: spending_mean_7d alone,
 * as always), resolved against the snapshot read.
 */
public final class OfflineFeatures {
  private final FloeCatalog catalog;

  public OfflineFeatures(FloeCatalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog is null");
  }

  /** Every user's latest row known at {@code at}, by user id. */
  public FeaturesAsOf asOf(Instant at, FeatureSnapshotChoice choice) {
    return asOf(at, choice, null);
  }

  /** As {@link #asOf(Instant, FeatureSnapshotChoice)}, each row with the {@code features} named (null: none). */
  public FeaturesAsOf asOf(Instant at, FeatureSnapshotChoice choice, List<String> features) {
    Known known = knownAt(at, choice, features);
    PointInTimeColumns read = known.columns().withBuiltIn();
    Connection connection = PointInTimeSql.open();
    try {
      List<FeatureValue> rows =
          asOf(known.files(), read, KnownTime.epochMicros(at))
              .query(connection, row -> featureValue(row, read).select(known.answered()));
      return new FeaturesAsOf(at, known.files().snapshotId(), rows);
    } finally {
      PointInTimeSql.closeQuietly(connection);
    }
  }

  /** As {@link #asOf(Instant, FeatureSnapshotChoice)}, written to a .csv or .parquet file. */
  public FeaturesAsOfSummary export(Instant at, FeatureSnapshotChoice choice, Path out) {
    return export(at, choice, null, out);
  }

  /** As {@link #asOf(Instant, FeatureSnapshotChoice, List)}: user_id, feature_dt and the features. */
  public FeaturesAsOfSummary export(Instant at, FeatureSnapshotChoice choice, List<String> features, Path out) {
    long started = System.nanoTime();
    QueryExport.Format format = QueryExport.Format.of(out);
    Known known = knownAt(at, choice, features);
    Connection connection = PointInTimeSql.open();
    try {
      long users =
          new QueryExport(asOf(known.files(), known.columns(), KnownTime.epochMicros(at))).writeTo(connection, out);
      return new FeaturesAsOfSummary(
          out.toAbsolutePath().normalize().toString(),
          format.name().toLowerCase(Locale.ROOT),
          at,
          users,
          known.files().snapshotId(),
          choice.describe(),
          (System.nanoTime() - started) / 1e9);
    } finally {
      PointInTimeSql.closeQuietly(connection);
    }
  }

  /** One user's latest row known at {@code at}; not found is an answer, not an error. */
  public OfflineLookup lookup(long userId, Instant at, FeatureSnapshotChoice choice) {
    return lookup(userId, at, choice, null);
  }

  /** As {@link #lookup(long, Instant, FeatureSnapshotChoice)}, with the {@code features} named (null: none). */
  public OfflineLookup lookup(long userId, Instant at, FeatureSnapshotChoice choice, List<String> features) {
    Known known = knownAt(at, choice, features);
    PointInTimeColumns read = known.columns().withBuiltIn();
    Connection connection = PointInTimeSql.open();
    try {
      List<FeatureValue> rows =
          SqlStatement.of(
                  SqlFile.load("features_as_of_user")
                      .render(read.with(Map.of("user_features", read.relation(known.files())))),
                  KnownTime.epochMicros(at),
                  userId)
              .query(connection, row -> featureValue(row, read).select(known.answered()));
      FeatureValue row = rows.isEmpty() ? null : rows.get(0);
      return OfflineLookup.of(userId, at, known.files().snapshotId(), row, known.answered());
    } finally {
      PointInTimeSql.closeQuietly(connection);
    }
  }

  /**
   * The files of the chosen snapshot known at {@code at}, the features to read from them, and those
   * the answer names ({@code answered}, null when none was asked for).
   */
  private record Known(SnapshotFiles files, PointInTimeColumns columns, List<String> answered) {}

  private Known knownAt(Instant at, FeatureSnapshotChoice choice, List<String> requested) {
    requireNonNull(at, "at is null");
    Table table = catalog.load(FloeTable.USER_FEATURES);
    FeatureSnapshots snapshots = new FeatureSnapshots(catalog);
    Snapshot snapshot = snapshots.resolve(table, choice);
    List<String> features = snapshots.features(choice, requested);
    FeatureSelection applied = snapshots.selection(choice, requested, table, snapshot);
    SnapshotFiles files =
        SnapshotFiles.of(
            table,
            snapshot.snapshotId(),
            Expressions.lessThanOrEqual("dt", KnownTime.latestKnownDate(at).toString()));
    return new Known(files, new PointInTimeColumns(applied), features == null ? null : applied.names());
  }

  /** Every user's latest row known at {@code atMicros}; Long.MAX_VALUE for every row. */
  private static SqlStatement asOf(SnapshotFiles features, PointInTimeColumns columns, long atMicros) {
    return SqlStatement.of(
        SqlFile.load("features_as_of")
            .render(columns.with(Map.of("features_newest_known", newestKnown(features, columns)))),
        atMicros);
  }

  /**
   * The statement "as of T" is built on, shared with {@link NewestRowsReader} (T at the end of
   * time), so the online and offline answers never disagree.
   */
  static String newestKnown(SnapshotFiles features, PointInTimeColumns columns) {
    return SqlFile.load("features_newest_known")
        .render(columns.with(Map.of("user_features", columns.relation(features))));
  }

  static NewestFeatureRows newestRows(ResultSet row, PointInTimeColumns columns) throws SQLException {
    LocalDate earlierDt = row.getObject("earlier_dt", LocalDate.class);
    return new NewestFeatureRows(
        featureValue(row, columns),
        earlierDt == null
            ? null
            : new FeatureValue(
                row.getLong("user_id"),
                earlierDt,
                row.getBigDecimal("earlier_spending_mean_7d"),
                columns.extraFeatures(row, "earlier_")));
  }

  /** A row of {@code columns} (which hold spending_mean_7d): the others in {@code features}, if any. */
  static FeatureValue featureValue(ResultSet row, PointInTimeColumns columns) throws SQLException {
    return new FeatureValue(
        row.getLong("user_id"),
        row.getObject("feature_dt", LocalDate.class),
        row.getBigDecimal("spending_mean_7d"),
        columns.extraFeatures(row, ""));
  }
}
