package dev.floe.ingest;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.engine.DuckDb;
import dev.floe.engine.SqlLiteral;
import dev.floe.workflows.IngestRequest;
import dev.floe.workflows.IngestResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Ingest of overlapping exports against the bare DuckDB read of the same file, same process. A
 * main, not a test: run with {@code java -cp <test classpath> dev.floe.ingest.IngestOverlapBenchmark
 * DIR [rows]}. File A holds ids [1, rows]; file B holds ids [rows/2 + 1, rows * 3/2], so half of B
 * is already stored (identical) and skipped.
 */
public final class IngestOverlapBenchmark {
  private IngestOverlapBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long rows = args.length > 1 ? Long.parseLong(args[1]) : 2_000_000;
    Files.createDirectories(dir);
    Path first = export(dir.resolve("a.csv"), 1, rows);
    Path second = export(dir.resolve("b.csv"), rows / 2 + 1, rows / 2 + rows);
    double bare = bareRead(second);
    try (FloeCatalog catalog = FloeCatalog.open(dir.resolve("data"))) {
      EventIngester ingester = new EventIngester(catalog);
      double fresh = time(() -> ingester.ingest(new IngestRequest(first.toString()), CommitLineage.direct("ingest")));
      IngestResult[] overlap = new IngestResult[1];
      double overlapping =
          time(() -> overlap[0] = ingester.ingest(new IngestRequest(second.toString()), CommitLineage.direct("ingest")));
      System.out.printf(
          "rows per file %,d%nbare read_csv count of B   %.2f s%nFloe ingest A (empty table) %.2f s%n"
              + "Floe ingest B (half stored) %.2f s: %,d appended, %,d skipped%n",
          rows, bare, fresh, overlapping, overlap[0].rows(), overlap[0].skippedRows());
    }
  }

  private static Path export(Path file, long firstId, long lastId) throws Exception {
    try (Connection duck = DuckDb.open(); Statement statement = duck.createStatement()) {
      statement.execute(
          "COPY (SELECT i AS id, i % 100000 AS user_id, CAST((i % 9973) / 100.0 AS DECIMAL(15, 2)) AS amount,"
              + " i % 1000 AS vendor_id, strftime(TIMESTAMP '2025-08-01' + to_seconds(i % 7776000),"
              + " '%Y-%m-%dT%H:%M:%SZ') AS event_timestamp FROM range(" + firstId + ", " + (lastId + 1) + ") t(i))"
              + " TO " + SqlLiteral.path(file) + " (FORMAT csv, HEADER true)");
    }
    return file;
  }

  private static double bareRead(Path file) throws Exception {
    try (Connection duck = DuckDb.open(); Statement statement = duck.createStatement()) {
      return time(() -> {
        try (ResultSet row = statement.executeQuery("SELECT count(*), max(amount) FROM read_csv(" + SqlLiteral.path(file) + ")")) {
          row.next();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
    }
  }

  private static double time(Runnable step) {
    long started = System.nanoTime();
    step.run();
    return (System.nanoTime() - started) / 1e9;
  }
}
