package dev.floe.features;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.catalog.TableCommits;
import dev.floe.engine.DuckDb;
import dev.floe.engine.ParquetTableWriter;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;

/**
 * Appends raw_events rows the way Floe's writers do (DuckDB Parquet + one Iceberg append), and
 * remembers every event appended so far so tests can compute what the features must be.
 */
public final class RawEventsFixture {
  /**
   * One transaction; the timestamp keeps the zone it was given in, as a user would write it. A null
   * vendor is {@code 1 + id % 1000} of the id the event gets.
   */
  public record RawEvent(long userId, BigDecimal amount, OffsetDateTime timestamp, Long vendorId) {
    public RawEvent {
      requireNonNull(amount, "amount is null");
      requireNonNull(timestamp, "timestamp is null");
    }
  }

  private final FloeCatalog catalog;
  private final List<RawEvent> appended = new ArrayList<>();
  private long nextId = 1;

  public RawEventsFixture(FloeCatalog catalog) {
    this.catalog = catalog;
  }

  public static RawEvent event(long userId, String amount, String timestamp) {
    return new RawEvent(userId, new BigDecimal(amount), OffsetDateTime.parse(timestamp), null);
  }

  public static RawEvent event(long userId, String amount, String timestamp, long vendorId) {
    return new RawEvent(userId, new BigDecimal(amount), OffsetDateTime.parse(timestamp), vendorId);
  }

  /** Every event appended through this fixture, in order. */
  public List<RawEvent> appended() {
    return List.copyOf(appended);
  }

  /** Appends the events as one raw_events commit and returns the new snapshot id. */
  public long append(List<RawEvent> events) {
    Table table = catalog.loadOrCreate(FloeTable.RAW_EVENTS);
    try (Connection duck = DuckDb.open()) {
      try (Statement statement = duck.createStatement()) {
        statement.execute(
            "CREATE TEMP TABLE batch (id BIGINT, user_id BIGINT, amount DECIMAL(15,2),"
                + " vendor_id BIGINT, event_timestamp TIMESTAMPTZ)");
      }
      try (PreparedStatement insert =
          duck.prepareStatement(
              "INSERT INTO batch VALUES (?, ?, CAST(? AS DECIMAL(15,2)), ?, CAST(? AS"
                  + " TIMESTAMPTZ))")) {
        for (RawEvent event : events) {
          long id = nextId++;
          insert.setLong(1, id);
          insert.setLong(2, event.userId());
          insert.setString(3, event.amount().toPlainString());
          insert.setLong(4, event.vendorId() == null ? 1 + id % 1000 : event.vendorId());
          insert.setString(5, event.timestamp().toString());
          insert.addBatch();
        }
        insert.executeBatch();
      }
      var files =
          ParquetTableWriter.write(
              duck,
              table,
              "SELECT id, user_id, amount, vendor_id, event_timestamp,"
                  + " strftime(event_timestamp, '%Y-%m-%d') AS __partition FROM batch");
      long snapshotId =
          TableCommits.append(table, files, CommitLineage.direct("test-append"), Map.of())
              .snapshotId();
      appended.addAll(events);
      return snapshotId;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public long append(RawEvent... events) {
    return append(List.of(events));
  }
}
