package dev.floe.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.catalog.TableCommits;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetTableWriterTest {
  @TempDir Path dataDir;

  @Test
  void writtenFilesCommitAndReadBackThroughTheSnapshot() throws Exception {
    try (FloeCatalog catalog = FloeCatalog.open(dataDir);
        Connection connection = DuckDb.open()) {
      Table table = catalog.loadOrCreate(FloeTable.RAW_EVENTS);
      List<DataFile> files =
          ParquetTableWriter.write(
              connection,
              table,
              "SELECT i::BIGINT AS id, (i % 2)::BIGINT AS user_id, (i * 1.25)::DECIMAL(15,2) AS amount,"
                  + " 7::BIGINT AS vendor_id, TIMESTAMPTZ '2025-09-01 23:30:00+00' + to_hours(i::BIGINT) AS event_timestamp,"
                  + " strftime(TIMESTAMPTZ '2025-09-01 23:30:00+00' + to_hours(i::BIGINT), '%Y-%m-%d') AS __partition"
                  + " FROM range(3) t(i)");
      assertThat(files).hasSize(2);
      Snapshot snapshot =
          TableCommits.append(table, files, new CommitLineage("wf", "run", "generate"), Map.of());
      assertThat(snapshot.summary()).containsEntry("floe.step", "generate").containsEntry("added-records", "3");

      DataFile firstDay =
          files.stream().filter(f -> f.recordCount() == 1).findFirst().orElseThrow();
      assertThat(firstDay.partition().get(0, Integer.class)).isEqualTo(20332); // 2025-09-01
      assertThat((Long) Conversions.fromByteBuffer(Types.LongType.get(), firstDay.lowerBounds().get(1))).isZero();

      SnapshotFiles snapshotFiles = SnapshotFiles.of(catalog.load(FloeTable.RAW_EVENTS), snapshot.snapshotId());
      try (Statement statement = connection.createStatement();
          ResultSet rows =
              statement.executeQuery(
                  "SELECT count(*), sum(amount), min(event_timestamp)::VARCHAR FROM " + snapshotFiles.relation())) {
        rows.next();
        assertThat(rows.getLong(1)).isEqualTo(3);
        assertThat(rows.getBigDecimal(2)).isEqualByComparingTo(new BigDecimal("3.75"));
        assertThat(rows.getString(3)).isEqualTo("2025-09-01 23:30:00+00");
      }
    }
  }

  @Test
  void anEmptySnapshotStillHasTheTableColumns() throws Exception {
    try (FloeCatalog catalog = FloeCatalog.open(dataDir);
        Connection connection = DuckDb.open();
        Statement statement = connection.createStatement()) {
      SnapshotFiles empty = SnapshotFiles.of(catalog.loadOrCreate(FloeTable.USER_FEATURES), null);
      try (ResultSet rows = statement.executeQuery("SELECT count(*), max(dt) FROM " + empty.relation())) {
        rows.next();
        assertThat(rows.getLong(1)).isZero();
      }
    }
  }
}
