package dev.floe.pointintime;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.catalog.TableCommits;
import dev.floe.engine.ParquetTableWriter;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * Commits {@code user_features} rows the way the featurizer does (DuckDB-written Parquet, one
 * partition per date, appended or replacing their dates), so point-in-time code is tested against
 * real Iceberg snapshots without depending on the featurizer's arithmetic.
 */
public final class FeatureTableFixture {
  private final FloeCatalog catalog;

  public FeatureTableFixture(FloeCatalog catalog) {
    this.catalog = catalog;
  }

  public static FeatureValue row(long userId, String dt, String value) {
    return new FeatureValue(userId, LocalDate.parse(dt), new BigDecimal(value));
  }

  /** Appends rows for dates the table does not hold yet. */
  public Snapshot append(List<FeatureValue> rows) {
    Table table = catalog.loadOrCreate(FloeTable.USER_FEATURES);
    return TableCommits.append(table, write(table, rows), CommitLineage.direct("featurize"), Map.of());
  }

  /** Replaces every date the rows touch, as a featurize run that recomputed them would. */
  public Snapshot replaceDates(List<FeatureValue> rows) {
    Table table = catalog.loadOrCreate(FloeTable.USER_FEATURES);
    Long base = table.currentSnapshot() == null ? null : table.currentSnapshot().snapshotId();
    return TableCommits.replacePartitions(
        table, write(table, rows), base, CommitLineage.direct("featurize"), Map.of());
  }

  private static List<DataFile> write(Table table, List<FeatureValue> rows) {
    try (Connection connection = PointInTimeSql.open()) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE TEMP TABLE fixture_rows (user_id BIGINT, dt DATE, spending_mean_7d DECIMAL(15,2))");
      }
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO fixture_rows VALUES (?, ?, ?)")) {
        for (FeatureValue row : rows) {
          insert.setLong(1, row.userId());
          insert.setObject(2, row.dt());
          insert.setBigDecimal(3, row.spendingMean7d());
          insert.addBatch();
        }
        insert.executeBatch();
      }
      return ParquetTableWriter.write(
          connection,
          table,
          "SELECT user_id, dt, spending_mean_7d, strftime(dt, '%Y-%m-%d') AS __partition FROM fixture_rows");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
