package dev.floe.generate;

import dev.floe.engine.DuckDb;
import dev.floe.engine.SnapshotFiles;
import dev.floe.engine.SqlFile;
import dev.floe.error.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.SnapshotUtil;

/** The highest event id in {@code raw_events}, so new ids can start after it. */
final class EventIds {
  private EventIds() {}

  /**
   * Read from the data files' upper bounds in the table metadata, which Floe's writer always
   * records (only if a file lacks one is the id column itself scanned), and from the ids that
   * generate runs in the table's history reserved for batches they may not have committed yet. 0
   * for an empty table.
   */
  static long highest(Table table) {
    if (table.currentSnapshot() == null) {
      return 0;
    }
    return Math.max(written(table), reserved(table));
  }

  private static long reserved(Table table) {
    long highest = 0;
    for (Snapshot snapshot : SnapshotUtil.currentAncestors(table)) {
      String end = snapshot.summary().get(EventGenerator.ID_END);
      if (end != null) {
        highest = Math.max(highest, Long.parseLong(end));
      }
    }
    return highest;
  }

  private static long written(Table table) {
    int idField = table.schema().findField("id").fieldId();
    long highest = 0;
    try (CloseableIterable<FileScanTask> tasks = table.newScan().includeColumnStats().planFiles()) {
      for (FileScanTask task : tasks) {
        Map<Integer, ByteBuffer> upper = task.file().upperBounds();
        if (upper == null || upper.get(idField) == null) {
          return scanned(table);
        }
        highest =
            Math.max(
                highest,
                (Long) Conversions.fromByteBuffer(Types.LongType.get(), upper.get(idField)));
      }
    } catch (IOException e) {
      throw new StorageException("Cannot plan scan of " + table.name() + ": " + e.getMessage(), e);
    }
    return highest;
  }

  private static long scanned(Table table) {
    String sql =
        SqlFile.load("generate_max_id")
            .render(Map.of("raw_events", SnapshotFiles.of(table, null).relation()));
    try (Connection connection = DuckDb.open();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return Math.max(0, rows.getLong(1));
    } catch (SQLException e) {
      throw new StorageException(
          "Cannot read the highest id of " + table.name() + ": " + e.getMessage(), e);
    }
  }
}
