package dev.floe.testing;

import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.engine.DuckDb;
import dev.floe.engine.SnapshotFiles;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Table;

/** Reads raw_events back through DuckDB, the way every Floe statement reads it. */
public final class RawEvents {
  private RawEvents() {}

  /** One raw_events row, with the UTC date of its event. */
  public record Row(
      long id,
      long userId,
      BigDecimal amount,
      long vendorId,
      Instant eventTimestamp,
      String eventDate) {}

  /** Rows of the current snapshot ordered by id; empty when the table has no snapshot. */
  public static List<Row> current(FloeCatalog catalog) {
    Table table = catalog.loadOrCreate(FloeTable.RAW_EVENTS);
    return rows(
        table, table.currentSnapshot() == null ? null : table.currentSnapshot().snapshotId());
  }

  public static List<Row> rows(Table table, Long snapshotId) {
    String relation = SnapshotFiles.of(table, snapshotId).relation();
    return query(
        "SELECT id, user_id, amount, vendor_id, epoch_us(event_timestamp),"
            + " CAST(CAST(event_timestamp AS DATE) AS VARCHAR) FROM "
            + relation
            + " ORDER BY id");
  }

  /** Runs a query over the current raw_events snapshot, substituted for {@code raw_events}. */
  public static List<List<Object>> aggregate(FloeCatalog catalog, String sqlOverRawEvents) {
    Table table = catalog.loadOrCreate(FloeTable.RAW_EVENTS);
    String sql = sqlOverRawEvents.replace("raw_events", SnapshotFiles.of(table, null).relation());
    try (Connection connection = DuckDb.open();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      List<List<Object>> result = new ArrayList<>();
      int columns = rows.getMetaData().getColumnCount();
      while (rows.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(rows.getObject(i));
        }
        result.add(row);
      }
      return result;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Row> query(String sql) {
    try (Connection connection = DuckDb.open();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      List<Row> result = new ArrayList<>();
      while (rows.next()) {
        long micros = rows.getLong(5);
        result.add(
            new Row(
                rows.getLong(1),
                rows.getLong(2),
                rows.getBigDecimal(3),
                rows.getLong(4),
                Instant.EPOCH.plusNanos(micros * 1000),
                rows.getString(6)));
      }
      return result;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
