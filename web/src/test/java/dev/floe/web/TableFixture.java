package dev.floe.web;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.catalog.TableCommits;
import dev.floe.engine.DuckDb;
import dev.floe.engine.ParquetTableWriter;
import dev.floe.models.Calibrator;
import dev.floe.models.ModelRegistry;
import dev.floe.workflows.CalibrateRequest;
import dev.floe.workflows.ModelCard;
import dev.floe.workflows.RegisterRequest;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/** Writes real Iceberg commits through Floe's own writer, for tests that need tables with history. */
final class TableFixture {
  private TableFixture() {}

  /** A model and the feature snapshot it was calibrated on. */
  record RegisteredModel(Snapshot features, ModelCard model) {}

  /**
   * 30 raw events, two users' features on 2025-09-01 and 09-02 (four rows), and a model
   * calibrated on them and registered at 2025-09-17T10:00:03Z: the store of the web tests that
   * download what a model saw.
   */
  static RegisteredModel registerModelOnFourFeatureRows(FloeCatalog catalog) {
    Snapshot raw = appendRawEvents(catalog, 0, 30, new CommitLineage("wf-1", "run-1", "generate"));
    Snapshot features = appendFeatures(catalog,
        "(1, '2025-09-01', 10.00), (2, '2025-09-01', 12.50), (1, '2025-09-02', 11.00), (2, '2025-09-02', 90.10)",
        raw.snapshotId(), new CommitLineage("wf-1", "run-1", "featurize"));
    var calibration = new Calibrator(catalog)
        .calibrate(new CalibrateRequest(features.snapshotId(), 0.9, LocalDate.parse("2025-09-02"), null, null));
    ModelCard model = new ModelRegistry(catalog).register(
        new RegisterRequest(calibration, Instant.parse("2025-09-17T10:00:03Z")), CommitLineage.direct("register"));
    return new RegisteredModel(features, model);
  }

  /** Appends {@code rows} events with ids from {@code firstId}, one per hour from 2025-09-01. */
  static Snapshot appendRawEvents(FloeCatalog catalog, long firstId, int rows, CommitLineage lineage) {
    Table table = catalog.loadOrCreate(FloeTable.RAW_EVENTS);
    String timestamp = "TIMESTAMPTZ '2025-09-01 00:30:00+00' + to_hours(i::BIGINT)";
    String select =
        "SELECT i::BIGINT AS id, (i % 3)::BIGINT AS user_id, (10 + i * 1.25)::DECIMAL(15,2) AS amount,"
            + " 7::BIGINT AS vendor_id, " + timestamp + " AS event_timestamp,"
            + " strftime(" + timestamp + ", '%Y-%m-%d') AS __partition"
            + " FROM range(" + firstId + ", " + (firstId + rows) + ") t(i)";
    return commit(table, select, lineage);
  }

  /**
   * Appends feature rows from a VALUES list of {@code (user_id, 'yyyy-mm-dd', value)} tuples.
   */
  static Snapshot appendFeatures(FloeCatalog catalog, String values, CommitLineage lineage) {
    Table table = catalog.loadOrCreate(FloeTable.USER_FEATURES);
    String select =
        "SELECT user_id::BIGINT AS user_id, dt::DATE AS dt, v::DECIMAL(15,2) AS spending_mean_7d,"
            + " strftime(dt::DATE, '%Y-%m-%d') AS __partition FROM (VALUES " + values + ") t(user_id, dt, v)";
    return commit(table, select, lineage, Map.of());
  }

  /** As {@link #appendFeatures(FloeCatalog, String, CommitLineage)}, naming the raw snapshot they came from. */
  static Snapshot appendFeatures(FloeCatalog catalog, String values, long rawSnapshotId, CommitLineage lineage) {
    Table table = catalog.loadOrCreate(FloeTable.USER_FEATURES);
    String select =
        "SELECT user_id::BIGINT AS user_id, dt::DATE AS dt, v::DECIMAL(15,2) AS spending_mean_7d,"
            + " strftime(dt::DATE, '%Y-%m-%d') AS __partition FROM (VALUES " + values + ") t(user_id, dt, v)";
    return commit(table, select, lineage, Map.of(CommitLineage.RAW_SNAPSHOT_ID, String.valueOf(rawSnapshotId)));
  }

  private static Snapshot commit(Table table, String select, CommitLineage lineage) {
    return commit(table, select, lineage, Map.of());
  }

  private static Snapshot commit(Table table, String select, CommitLineage lineage, Map<String, String> extra) {
    try (Connection connection = DuckDb.open()) {
      java.util.List<DataFile> files = ParquetTableWriter.write(connection, table, select);
      Map<String, String> summary = new java.util.HashMap<>(extra);
      summary.put(CommitLineage.ROWS, String.valueOf(files.stream().mapToLong(DataFile::recordCount).sum()));
      return TableCommits.append(table, files, lineage, summary);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
