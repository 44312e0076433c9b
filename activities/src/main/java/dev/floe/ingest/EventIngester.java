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
 * Ids must be unique within the file and new to the table. The first bad row fails the whole file
 * with a message naming the file, the line (CSV) or row (Parquet) and the field, and nothing is
 * appended.
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
          !ourOwnRetry);
    }

    try (Connection connection = DuckDb.open()) {
      file.defineSource(connection);
      execute(connection, SqlFile.load("ingest_rows_macro").text());
      long rows = check(connection, table, file);
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
                  "floe.source-file",
                  file.path().getFileName().toString()));
      LOG.info("Ingested {} rows of {} as snapshot {}", rows, file.path(), snapshot.snapshotId());
      return new IngestResult(
          FloeTable.RAW_EVENTS.tableName(), snapshot.snapshotId(), rows, sha256, false);
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

  /** Throws naming the first bad row if there is one; otherwise returns the number of rows. */
  private static long check(Connection connection, Table table, IngestFile file)
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
    if (!overlapping.isEmpty()) {
      String sql =
          SqlFile.load("ingest_first_existing_id")
              .render(Map.of("raw_events", overlapping.relation()));
      try (PreparedStatement statement = prepare(connection, sql, path);
          ResultSet row = file.read(statement)) {
        if (row.next()) {
          throw file.rowError(
              row.getLong("row_number"), "id " + row.getLong("id") + " is already in raw_events");
        }
      }
    }
    return summary.rowCount();
  }

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
