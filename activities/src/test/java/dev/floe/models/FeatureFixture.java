package dev.floe.models;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.catalog.TableCommits;
import dev.floe.engine.DuckDb;
import dev.floe.engine.ParquetTableWriter;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Builds raw_events and user_features snapshots by hand, the way the ingester and featurizer commit
 * them (Parquet written by DuckDB, sorted by dt and user_id, committed with lineage, feature
 * commits naming their raw snapshot), so model tests control every feature value.
 */
public final class FeatureFixture {
  /** One feature row. */
  public record Feature(long userId, LocalDate dt, BigDecimal value) {
    public Feature {
      requireNonNull(dt, "dt is null");
      requireNonNull(value, "value is null");
    }

    public static Feature of(long userId, String dt, String value) {
      return new Feature(userId, LocalDate.parse(dt), new BigDecimal(value));
    }
  }

  /**
   * Wraps a query of feature rows so they are written sorted and split by date, as the featurizer
   * does.
   */
  private static String sortedFeatures(String rows) {
    return "SELECT user_id, dt, spending_mean_7d, strftime(dt, '%Y-%m-%d') AS __partition FROM ("
        + rows
        + ") ORDER BY dt, user_id";
  }

  private final FloeCatalog catalog;
  private final AtomicLong nextEventId = new AtomicLong(1);

  public FeatureFixture(FloeCatalog catalog) {
    this.catalog = catalog;
  }

  /** Commits {@code count} raw events on {@code day}; returns the new raw_events snapshot id. */
  public long appendRawEvents(LocalDate day, int count) {
    Table table = catalog.loadOrCreate(FloeTable.RAW_EVENTS);
    long firstId = nextEventId.getAndAdd(count);
    try (Connection duck = DuckDb.open()) {
      List<DataFile> files =
          ParquetTableWriter.write(
              duck,
              table,
              "SELECT (? + i)::BIGINT AS id, (i % 5)::BIGINT AS user_id, (1 + i)::DECIMAL(15,2) AS"
                  + " amount, 1::BIGINT AS vendor_id, ?::TIMESTAMPTZ + to_seconds(i::BIGINT) AS"
                  + " event_timestamp, ?::VARCHAR AS __partition FROM range(?) t(i)",
              firstId,
              day + " 00:00:00+00",
              day.toString(),
              count);
      return TableCommits.append(table, files, lineage("ingest"), Map.of()).snapshotId();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Appends {@code rows} as a feature snapshot built from {@code rawSnapshotId}. */
  public long appendFeatures(long rawSnapshotId, List<Feature> rows) {
    return commitFeatures(rawSnapshotId, rows, false);
  }

  /** Replaces every date {@code rows} touch, as the featurizer does when it recomputes dates. */
  public long replaceFeatures(long rawSnapshotId, List<Feature> rows) {
    return commitFeatures(rawSnapshotId, rows, true);
  }

  /**
   * Appends the rows of {@code selectSql} (columns user_id, dt, spending_mean_7d); for big data.
   */
  public long appendFeaturesFromSql(long rawSnapshotId, String selectSql) {
    Table table = catalog.loadOrCreate(FloeTable.USER_FEATURES);
    try (Connection duck = DuckDb.open()) {
      List<DataFile> files = ParquetTableWriter.write(duck, table, sortedFeatures(selectSql));
      return TableCommits.append(table, files, lineage("featurize"), rawLineage(rawSnapshotId))
          .snapshotId();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Random features for {@code users} users on every date of [first, first + days). */
  public static List<Feature> randomFeatures(long seed, int users, LocalDate first, int days) {
    Random random = new Random(seed);
    return IntStream.range(0, days)
        .boxed()
        .flatMap(
            day ->
                LongStream.range(0, users)
                    .mapToObj(
                        user ->
                            new Feature(
                                user,
                                first.plusDays(day),
                                BigDecimal.valueOf(
                                    Math.round(Math.exp(3 + 0.75 * random.nextGaussian()) * 100),
                                    2))))
        .toList();
  }

  private long commitFeatures(long rawSnapshotId, List<Feature> rows, boolean replace) {
    Table table = catalog.loadOrCreate(FloeTable.USER_FEATURES);
    String staging = "fixture_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection duck = DuckDb.open()) {
      try (Statement statement = duck.createStatement()) {
        statement.execute(
            "CREATE TABLE "
                + staging
                + " (user_id BIGINT, dt DATE, spending_mean_7d DECIMAL(15,2))");
      }
      // The appender, not batched INSERTs: a prepared insert per row takes about a millisecond.
      try (DuckDBAppender appender = duck.unwrap(DuckDBConnection.class).createAppender(staging)) {
        for (Feature row : rows) {
          appender.beginRow().append(row.userId()).append(row.dt()).append(row.value()).endRow();
        }
      }
      List<DataFile> files =
          ParquetTableWriter.write(duck, table, sortedFeatures("SELECT * FROM " + staging));
      Long base = table.currentSnapshot() == null ? null : table.currentSnapshot().snapshotId();
      return (replace
              ? TableCommits.replacePartitions(
                  table, files, base, lineage("featurize"), rawLineage(rawSnapshotId))
              : TableCommits.append(table, files, lineage("featurize"), rawLineage(rawSnapshotId)))
          .snapshotId();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> rawLineage(long rawSnapshotId) {
    return Map.of(CommitLineage.RAW_SNAPSHOT_ID, Long.toString(rawSnapshotId));
  }

  private static CommitLineage lineage(String step) {
    return new CommitLineage("fixture", UUID.randomUUID().toString(), step);
  }
}
