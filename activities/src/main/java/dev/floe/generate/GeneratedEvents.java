package dev.floe.generate;

import static dev.floe.generate.EventGenerator.execute;
import static java.util.Objects.requireNonNull;

import dev.floe.engine.SqlFile;
import dev.floe.engine.SqlStatement;
import dev.floe.workflows.AnomalyOutcome;
import dev.floe.workflows.GenerateRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;

/**
 * The raw_events rows of one generate request as a statement ({@code
 * sql/generate_events_batch.sql}), on a DuckDB connection prepared for the request: the {@code
 * synthetic_events} macro and the request's anomaly plan. The one source of generated rows: {@link
 * EventGenerator} writes its batches into the table with it, and {@code floe bench} copies the very
 * same statement to plain Parquet.
 */
public final class GeneratedEvents {
  private final GenerateRequest request;
  private final LocalDate windowStart;
  private final AnomalyPlan plan;

  private GeneratedEvents(GenerateRequest request, LocalDate windowStart, AnomalyPlan plan) {
    this.request = request;
    this.windowStart = windowStart;
    this.plan = plan;
  }

  /**
   * Defines the macro and plans the anomalies on {@code connection}; the statements this returns
   * run on that connection only. The request must be valid (the generator checks it first).
   */
  public static GeneratedEvents prepare(Connection connection, GenerateRequest request)
      throws SQLException {
    requireNonNull(connection, "connection is null");
    requireNonNull(request, "request is null");
    LocalDate windowStart = request.endDate().minusDays(request.days() - 1L);
    execute(connection, SqlFile.load("generate_events_macro").text());
    return new GeneratedEvents(
        request, windowStart, AnomalyPlan.prepare(connection, request, windowStart));
  }

  /** Generated events plus the events anomaly specs add. */
  public long total() {
    return request.events() + plan.addedEvents();
  }

  List<AnomalyOutcome> outcomes() {
    return plan.outcomes();
  }

  /**
   * Events {@code [first, end)} as raw_events rows (table columns in order, then the day partition
   * value), with ids {@code idBase + index + 1}.
   */
  public SqlStatement batch(long idBase, long first, long end) {
    return SqlStatement.of(
        SqlFile.load("generate_events_batch").text(),
        idBase,
        windowStart.toEpochDay(),
        request.seed(),
        first,
        end,
        request.users(),
        request.days());
  }

  /** Every event of the request, as one statement. */
  public SqlStatement all(long idBase) {
    return batch(idBase, 0, total());
  }
}
