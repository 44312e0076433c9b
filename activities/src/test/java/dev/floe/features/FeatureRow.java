package dev.floe.features;

import dev.floe.engine.DuckDb;
import dev.floe.engine.SnapshotFiles;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** One user_features row, as tests compare them. */
record FeatureRow(long userId, LocalDate dt, BigDecimal spendingMean7d) {
  static final Comparator<FeatureRow> ORDER =
      Comparator.comparing(FeatureRow::dt).thenComparingLong(FeatureRow::userId);

  static FeatureRow of(long userId, String dt, String spendingMean7d) {
    return new FeatureRow(userId, LocalDate.parse(dt), new BigDecimal(spendingMean7d));
  }

  /** The rows of {@code files} that match {@code condition}, by date then user. */
  static List<FeatureRow> read(SnapshotFiles files, String condition) {
    List<FeatureRow> rows = new ArrayList<>();
    try (Connection duck = DuckDb.open();
        Statement statement = duck.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT user_id, dt::VARCHAR, spending_mean_7d FROM "
                    + files.relation()
                    + " WHERE "
                    + condition
                    + " ORDER BY dt, user_id")) {
      while (result.next()) {
        rows.add(
            new FeatureRow(
                result.getLong(1), LocalDate.parse(result.getString(2)), result.getBigDecimal(3)));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }

  /**
   * Every column of the rows of {@code files} that match {@code condition}, by date then user, each
   * row as text naming every column with its DuckDB type and value: the exact content to compare.
   */
  static List<String> readAllColumns(SnapshotFiles files, String condition) {
    List<String> rows = new ArrayList<>();
    try (Connection duck = DuckDb.open();
        Statement statement = duck.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT * FROM "
                    + files.relationByColumnName()
                    + " WHERE "
                    + condition
                    + " ORDER BY dt, user_id")) {
      ResultSetMetaData meta = result.getMetaData();
      while (result.next()) {
        StringBuilder row = new StringBuilder();
        for (int column = 1; column <= meta.getColumnCount(); column++) {
          row.append(meta.getColumnName(column))
              .append(':')
              .append(meta.getColumnTypeName(column))
              .append('=')
              .append(result.getString(column))
              .append(' ');
        }
        rows.add(row.toString());
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }
}
