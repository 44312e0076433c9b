package dev.floe.pointintime;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.catalog.TableCommits;
import dev.floe.engine.ParquetTableWriter;
import dev.floe.engine.SnapshotFiles;
import dev.floe.engine.SqlStatement;
import dev.floe.workflows.TrainingSetSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import org.apache.iceberg.Table;

/**
 * Measures training-set throughput at the scale: a ~9M-row feature snapshot (100k users x
 * 90 days) and a 10M-row label file, to Parquet. A benchmark to run by hand, not a test:
 * {@code java -cp activities/target/test-classes:activities/target/classes:<deps>
 * dev.floe.pointintime.TrainingSetBench [dir] [labels] [users] [days] [runs] [equality]}; {@code equality}
 * times only Floe without a TTL and the bare equality statement, for each label format.
 */
public final class TrainingSetBench {
  private TrainingSetBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("floe-bench");
    long labels = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
    long users = args.length > 2 ? Long.parseLong(args[2]) : 100_000L;
    int days = args.length > 3 ? Integer.parseInt(args[3]) : 90;
    Path labelsParquet = dir.resolve("labels.parquet");
    Path labelsCsv = dir.resolve("labels.csv");
    try (FloeCatalog catalog = FloeCatalog.open(dir.resolve("data"))) {
      Table table = catalog.loadOrCreate(FloeTable.USER_FEATURES);
      if (table.currentSnapshot() == null) {
        long started = System.nanoTime();
        try (Connection connection = PointInTimeSql.open()) {
          var files =
              ParquetTableWriter.write(
                  connection,
                  table,
                  "SELECT u::BIGINT AS user_id, DATE '2025-06-01' + d::INT AS dt,"
                      + " ((hash(u * 1000 + d) % 100000) / 100.0)::DECIMAL(15,2) AS spending_mean_7d,"
                      + " strftime(DATE '2025-06-01' + d::INT, '%Y-%m-%d') AS __partition"
                      + " FROM range(?) t(u), range(?) s(d)",
                  users,
                  days);
          TableCommits.append(table, files, CommitLineage.direct("bench"), Map.of());
          PointInTimeSql.execute(
              connection,
              SqlStatement.of("COPY (SELECT (hash(i) % ?)::BIGINT AS user_id, (hash(i * 3) % 2)::INT AS label,"
                  + " TIMESTAMPTZ '2025-06-01 00:00:00+00' + to_seconds((hash(i * 7) % ((? + 5) * 86400))::BIGINT) AS as_of_ts,"
                  + " i AS request_id FROM range(?) t(i)) TO '" + labelsParquet + "' (FORMAT parquet)",
              users,
              (long) days,
              labels));
          PointInTimeSql.execute(
              connection,
              SqlStatement.of("COPY (SELECT * FROM '" + labelsParquet + "') TO '" + labelsCsv + "' (FORMAT csv, HEADER)"));
        }
        System.out.printf("setup: %d feature rows, %d labels in %.1f s%n", users * days, labels, (System.nanoTime() - started) / 1e9);
      }
      SnapshotFiles snapshot = SnapshotFiles.of(table, null);
      TrainingSetBuilder builder = new TrainingSetBuilder(catalog);
      TrainingSetBuilder asof = new TrainingSetBuilder(catalog, TrainingSetBuilder.PointInTimeJoin.ASOF);
      int runs = args.length > 4 ? Integer.parseInt(args[4]) : 2;
      var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      // "equality": only what issue 14 compares, Floe without TTL against its bare equality statement.
      boolean equalityOnly = args.length > 5 && args[5].equals("equality");
      for (int run = 0; run < runs; run++) {
        for (Path input : new Path[] {labelsParquet, labelsCsv}) {
          if (equalityOnly) {
            floe(builder, "Floe", input, null, dir.resolve("out.parquet"), run, os);
            bare(input, labels, snapshot, BareTrainingSet.Join.EQUALITY, true, dir.resolve("bare.parquet"), run, os);
            continue;
          }
          for (Duration ttl : new Duration[] {null, Duration.ofDays(7)}) {
            floe(builder, "Floe", input, ttl, dir.resolve("out.parquet"), run, os);
          }
          // The ASOF join the builder falls back to when a snapshot is not gap-free, on the same data.
          floe(asof, "Floe ASOF", input, null, dir.resolve("out-asof.parquet"), run, os);
          for (boolean ordered : new boolean[] {true, false}) {
            bare(input, labels, snapshot, BareTrainingSet.Join.ASOF, ordered, dir.resolve("bare.parquet"), run, os);
          }
          bare(input, labels, snapshot, BareTrainingSet.Join.EQUALITY, true, dir.resolve("bare.parquet"), run, os);
        }
      }
    }
  }

  private static void floe(
      TrainingSetBuilder builder, String what, Path input, Duration ttl, Path out, int run,
      com.sun.management.OperatingSystemMXBean os) {
    long cpuBefore = os.getProcessCpuTime();
    TrainingSetSummary summary =
        builder.build(new TrainingSetRequest(input, FeatureSnapshotChoice.current(), ttl, out));
    // CPU seconds next to wall seconds: on a shared machine the wall clock also measures the neighbours.
    System.out.printf(
        "run %d %-14s %-9s ttl %-6s rows %d with features %d: %.2f s wall, %.2f s cpu, %.2f M rows/s, load %.1f%n",
        run, input.getFileName(), what, ttl, summary.rows(), summary.rowsWithFeatures(), summary.seconds(),
        (os.getProcessCpuTime() - cpuBefore) / 1e9, summary.rowsPerSecond() / 1e6, os.getSystemLoadAverage());
  }

  /**
   * The bare engine: {@link BareTrainingSet}, the ASOF or the equality join over the same files as
   * one plain DuckDB statement. Ordered, it sorts the output by request_id; unordered, it is the floor.
   */
  private static void bare(
      Path labels, long rows, SnapshotFiles features, BareTrainingSet.Join join, boolean ordered, Path out, int run,
      com.sun.management.OperatingSystemMXBean os) {
    long cpuBefore = os.getProcessCpuTime();
    long started = System.nanoTime();
    BareTrainingSet.write(
        labels, features, out, join, ordered ? BareTrainingSet.Order.BY_REQUEST_ID : BareTrainingSet.Order.ANY);
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        "run %d %-14s bare   %s %-9s: %.2f s wall, %.2f s cpu, %.2f M rows/s, load %.1f%n",
        run, labels.getFileName(), join.name().toLowerCase(java.util.Locale.ROOT), ordered ? "ordered" : "any order", seconds,
        (os.getProcessCpuTime() - cpuBefore) / 1e9, rows / seconds / 1e6, os.getSystemLoadAverage());
  }
}
