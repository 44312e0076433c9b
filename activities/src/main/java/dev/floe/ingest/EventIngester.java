package dev.floe.ingest;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.catalog.TableCommits;
import dev.floe.engine.DuckDb;
import dev.floe.engine.ParquetTableWriter;
import dev.floe.engine.SnapshotFiles;
import dev.floe.engine.SqlFile;
import dev.floe.error.InvalidInputException;
import dev.floe.error.StorageException;
import dev.floe.workflows.IngestRequest;
import dev.floe.workflows.IngestResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.util.SnapshotUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends a file of real transactions to {@code raw_events}, all or nothing.
 *
 * <p>The file is CSV (header exactly {@code id,user_id,amount,vendor_id,event_timestamp}) or
 * Parquet with those columns, told apart by extension. Every row must have all five fields: whole
 * numbers for the ids, a non-negative amount with at most 2 decimal places that fits decimal(15,2),
 * and an ISO-8601 timestamp with {@code Z} or an offset, optionally followed by a region in
 * brackets that must agree with the offset ({@code 2025-09-01T10:00:00-04:00[America/New_York]}).
 * Ids must be unique within the file. The first bad row fails the whole file with a message naming
 * the file, the line (CSV) or row (Parquet) and the field, and nothing is appended.
 *
 * <p>A row whose id {@code raw_events} already holds with identical content is skipped and counted
 * ({@link IngestResult#skippedRows()}), so overlapping exports just work; a row whose id is stored
 * with different content fails the whole file, naming the id and both values. A file whose rows are
 * all stored already commits nothing and names the current snapshot.
 *
 * <p>Checking is set-based in DuckDB: one parallel pass parses and checks every row into a temp
 * table, from which the summary is counted and, if all is well, the Parquet files are written and
 * committed once. Only when something is wrong is the file read again, in order, to name the first
 * bad row.
 *
 * <p>Ingesting the same content again (same SHA-256, recorded in the snapshot summary) appends
 * nothing and names the earlier snapshot with {@code alreadyIngested = true}. A file with a header
 * but no rows is an error rather than a no-op: there is no snapshot to name, and an empty export is
 * more often a mistake upstream than an intent.
 */
public final class EventIngester {
  private static final Logger LOG = LoggerFactory.getLogger(EventIngester.class);

  /** Snapshot-summary property: rows of the ingested file skipped as already stored. */
  static final String SKIPPED_ROWS = "floe.skipped-rows";

  private final FloeCatalog catalog;

  public EventIngester(FloeCatalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog is null");
  }

  public IngestResult ingest(IngestRequest request, CommitLineage lineage) {
    requireNonNull(request, "request is null");
    requireNonNull(lineage, "lineage is null");
    if (request.path() == null || request.path().isBlank()) {
      throw new InvalidInputException("No file to ingest was given");
    }
    IngestFile file = IngestFile.of(Path.of(request.path()));
    String sha256 = file.sha256();

    Table table = catalog.loadOrCreate(FloeTable.RAW_EVENTS);
    Optional<Snapshot> earlier = ingestedBefore(table, sha256);
    if (earlier.isPresent()) {
      Snapshot snapshot = earlier.get();
      boolean ourOwnRetry = lineage.madeBy(snapshot);
      LOG.info(
          "{} (sha256 {}) is already in snapshot {}", file.path(), sha256, snapshot.snapshotId());
      return new IngestResult(
          FloeTable.RAW_EVENTS.tableName(),
          snapshot.snapshotId(),
          Long.parseLong(
              snapshot
                  .summary()
                  .getOrDefault(CommitLineage.ROWS, snapshot.summary().get("added-records"))),
          sha256,
          !ourOwnRetry,
          Long.parseLong(snapshot.summary().getOrDefault(SKIPPED_ROWS, "0")));
    }

    try (Connection connection = DuckDb.open()) {
      file.defineSource(connection);
      execute(connection, SqlFile.load("ingest_rows_macro").text());
      RowCounts counts = check(connection, table, file);
      if (counts.newRows() == 0) {
        Snapshot current = table.currentSnapshot();
        LOG.info(
            "All {} rows of {} are already in snapshot {}: nothing to append",
            counts.skippedRows(),
            file.path(),
            current.snapshotId());
        return new IngestResult(
            FloeTable.RAW_EVENTS.tableName(),
            current.snapshotId(),
            0,
            sha256,
            true,
            counts.skippedRows());
      }
      long rows = counts.newRows();
      List<DataFile> files =
          ParquetTableWriter.write(connection, table, SqlFile.load("ingest_write").text());
      Snapshot snapshot =
          TableCommits.append(
              table,
              files,
              lineage,
              Map.of(
                  CommitLineage.ROWS,
                  Long.toString(rows),
                  CommitLineage.SOURCE_FILE_HASH,
                  sha256,
                  SKIPPED_ROWS,
                  Long.toString(counts.skippedRows()),
                  "floe.source-file",
                  file.path().getFileName().toString()));
      LOG.info(
          "Ingested {} rows of {} as snapshot {} ({} already stored, skipped)",
          rows,
          file.path(),
          snapshot.snapshotId(),
          counts.skippedRows());
      return new IngestResult(
          FloeTable.RAW_EVENTS.tableName(),
          snapshot.snapshotId(),
          rows,
          sha256,
          false,
          counts.skippedRows());
    } catch (SQLException e) {
      throw new StorageException("Cannot ingest " + file.path() + ": " + e.getMessage(), e);
    }
  }

  /** The snapshot in the table's current history that ingested this content, if one did. */
  private static Optional<Snapshot> ingestedBefore(Table table, String sha256) {
    table.refresh();
    if (table.currentSnapshot() == null) {
      return Optional.empty();
    }
    for (Snapshot snapshot : SnapshotUtil.currentAncestors(table)) {
      if (sha256.equals(snapshot.summary().get(CommitLineage.SOURCE_FILE_HASH))) {
        return Optional.of(snapshot);
      }
    }
    return Optional.empty();
  }

  /**
   * Throws naming the first bad row if there is one; otherwise leaves only the new rows in {@code
   * ingest_checked} and returns how many rows are new and how many were skipped as already stored.
   */
  private static RowCounts check(Connection connection, Table table, IngestFile file)
      throws SQLException {
    String path = file.path().toString();
    try (PreparedStatement statement =
        prepare(connection, SqlFile.load("ingest_checked_table").text(), path)) {
      file.run(statement);
    }
    FileSummary summary;
    try (PreparedStatement statement = prepare(connection, SqlFile.load("ingest_summary").text());
        ResultSet row = statement.executeQuery()) {
      row.next();
      summary =
          new FileSummary(
              row.getLong("row_count"),
              row.getLong("bad_rows"),
              row.getLong("distinct_ids"),
              row.getObject("lowest_id") == null ? null : row.getLong("lowest_id"),
              row.getObject("highest_id") == null ? null : row.getLong("highest_id"));
    }
    if (summary.rowCount() == 0) {
      throw new InvalidInputException(
          file.name() + " holds no rows, only a header: nothing to ingest");
    }
    if (summary.badRows() > 0) {
      try (PreparedStatement statement =
              prepare(connection, SqlFile.load("ingest_first_bad_row").text(), path);
          ResultSet row = file.read(statement)) {
        row.next();
        throw file.rowError(row.getLong("row_number"), row.getString("problem"));
      }
    }
    if (summary.distinctIds() < summary.rowCount()) {
      try (PreparedStatement statement =
              prepare(connection, SqlFile.load("ingest_first_repeated_id").text(), path);
          ResultSet row = file.read(statement)) {
        row.next();
        throw file.rowError(
            row.getLong("row_number"),
            "id "
                + row.getLong("id")
                + " repeats the id of "
                + file.place(row.getLong("first_row_number")));
      }
    }
    SnapshotFiles overlapping =
        SnapshotFiles.of(
            table,
            null,
            Expressions.and(
                Expressions.greaterThanOrEqual("id", summary.lowestId()),
                Expressions.lessThanOrEqual("id", summary.highestId())));
    if (overlapping.isEmpty()) {
      return new RowCounts(summary.rowCount(), 0);
    }
    execute(
        connection,
        SqlFile.load("ingest_stored_table").render(Map.of("raw_events", overlapping.relation())));
    long storedRows;
    long identicalRows;
    try (PreparedStatement statement =
            prepare(connection, SqlFile.load("ingest_stored_summary").text());
        ResultSet row = statement.executeQuery()) {
      row.next();
      storedRows = row.getLong("stored_rows");
      identicalRows = row.getLong("identical_rows");
    }
    if (identicalRows < storedRows) {
      try (PreparedStatement statement =
              prepare(connection, SqlFile.load("ingest_first_conflicting_row").text(), path);
          ResultSet row = file.read(statement)) {
        row.next();
        throw file.rowError(row.getLong("row_number"), conflict(row));
      }
    }
    if (storedRows > 0) {
      execute(connection, SqlFile.load("ingest_skip_stored").text());
    }
    return new RowCounts(summary.rowCount() - storedRows, storedRows);
  }

  /** What differs between a row of the file and the stored row with its id, naming both values. */
  private static String conflict(ResultSet row) throws SQLException {
    List<String> differences = new ArrayList<>();
    for (String column : List.of("user_id", "amount", "vendor_id", "event_timestamp")) {
      String fileValue = row.getString(column);
      String storedValue = row.getString("stored_" + column);
      if (!fileValue.equals(storedValue)) {
        differences.add(column + " " + storedValue + " in raw_events, " + fileValue + " here");
      }
    }
    return "id "
        + row.getLong("id")
        + " is already in raw_events with different content ("
        + String.join("; ", differences)
        + "): a row already stored may only be sent again unchanged, so nothing was ingested";
  }

  private record RowCounts(long newRows, long skippedRows) {}

  private record FileSummary(
      long rowCount, long badRows, long distinctIds, Long lowestId, Long highestId) {}

  static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
      throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    for (int i = 0; i < parameters.length; i++) {
      statement.setObject(i + 1, parameters[i]);
    }
    return statement;
  }

  static void execute(Connection connection, String sql, Object... parameters) throws SQLException {
    try (PreparedStatement statement = prepare(connection, sql, parameters)) {
      statement.execute();
    }
  }
}
