package dev.floe.features;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.catalog.TableCommits;
import dev.floe.engine.DuckDb;
import dev.floe.engine.ParquetTableWriter;
import dev.floe.engine.SnapshotFiles;
import dev.floe.engine.SqlFile;
import dev.floe.features.registry.FeatureDefinitions;
import dev.floe.features.registry.FeatureRegistry;
import dev.floe.features.registry.RegisteredFeature;
import dev.floe.generate.EventGenerator;
import dev.floe.workflows.FeaturizeRequest;
import dev.floe.workflows.FeaturizeResult;
import dev.floe.workflows.GenerateRequest;
import dev.floe.workflows.GenerateResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Featurize at benchmark size against the bare DuckDB statements writing the same rows. A main, not
 * a test: it takes minutes and wants a quiet machine. Run with {@code java -cp <test classpath>
 * dev.floe.features.FeaturizeBenchmark DIR [events users days reps [DEFINITIONS_DIR]]}. With a
 * folder of feature definitions, each Floe run applies them before it featurizes (not timed), and
 * the bare statement is the one-pass statement of the same features (sql/applied_features.sql).
 */
public final class FeaturizeBenchmark {
  private FeaturizeBenchmark() {}

  /** Late events for the incremental run: one day of the window, from a hash of the id. */
  private static final String RAW_EVENTS =
      """
      SELECT id, user_id, amount, vendor_id, event_timestamp,
             strftime(event_timestamp, '%Y-%m-%d') AS __partition
      FROM (
        SELECT i AS id,
               CAST(hash(i, 1) % ? AS BIGINT) AS user_id,
               CAST(greatest(0.5, exp(3.0 + 0.75 * sqrt(-2 * ln((hash(i, 2) % 1000000 + 1) / 1000001.0))
                    * cos(2 * pi() * (hash(i, 3) % 1000000) / 1000000.0))) AS DECIMAL(15, 2)) AS amount,
               CAST(1 + hash(i, 4) % 1000 AS BIGINT) AS vendor_id,
               TIMESTAMPTZ '2025-09-17 00:00:00+00' - to_days(CAST(? - 1 AS INTEGER))
                 + to_days(CAST(hash(i, 5) % ? AS INTEGER)) + to_seconds(CAST(hash(i, 6) % 86400 AS BIGINT))
                 AS event_timestamp
        FROM range(?) t(i))
      """;

  /** The statement one would write by hand: same rows, no exact cents, no order, one file. */
  private static final String NATURAL_BARE =
      """
      COPY (
        WITH daily AS (SELECT user_id, CAST(event_timestamp AS DATE) AS day, sum(amount) AS amount
                       FROM %s GROUP BY ALL),
        firsts AS (SELECT user_id, min(day) AS first_day FROM daily GROUP BY user_id),
        spine AS (SELECT user_id, CAST(unnest(generate_series(first_day, (SELECT max(day) FROM daily),
                         INTERVAL 1 DAY)) AS DATE) AS dt FROM firsts),
        filled AS (SELECT s.user_id, s.dt, coalesce(d.amount, 0) AS amount
                   FROM spine s LEFT JOIN daily d ON d.user_id = s.user_id AND d.day = s.dt)
        SELECT user_id, dt, CAST(round(sum(amount) OVER (PARTITION BY user_id ORDER BY dt
                 ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) / 7, 2) AS DECIMAL(15, 2)) AS spending_mean_7d
        FROM filled) TO '%s' (FORMAT parquet)
      """;

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    long events = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
    long users = args.length > 2 ? Long.parseLong(args[2]) : 100_000L;
    int days = args.length > 3 ? Integer.parseInt(args[3]) : 90;
    int reps = args.length > 4 ? Integer.parseInt(args[4]) : 3;
    Path definitions = args.length > 5 ? Path.of(args[5]) : null;

    List<DataFile> rawFiles = new ArrayList<>();
    long rawSnapshot;
    SqlFile appliedSql = null;
    try (FloeCatalog catalog = FloeCatalog.open(root.resolve("raw"))) {
      long started = System.nanoTime();
      GenerateResult generated =
          new EventGenerator(catalog)
              .generate(
                  new GenerateRequest(
                      (int) users, events, days, LocalDate.parse("2025-09-17"), 42, 1, List.of()),
                  CommitLineage.direct("generate"));
      rawSnapshot = generated.snapshotId();
      Table raw = catalog.load(FloeTable.RAW_EVENTS);
      try (CloseableIterable<FileScanTask> tasks =
          raw.newScan().useSnapshot(rawSnapshot).planFiles()) {
        tasks.forEach(task -> rawFiles.add(task.file()));
      }
      System.out.printf(
          "raw_events: %d events, %d files generated in %.2f s%n",
          events, rawFiles.size(), seconds(started));
      if (definitions != null) {
        applyDefinitions(catalog, definitions);
        appliedSql =
            FeatureSql.of(
                Featurizer.appliedFeatures(catalog, catalog.load(FloeTable.USER_FEATURES)));
        System.out.printf("features: %s%n", String.join(", ", names(catalog)));
      }
    }
    List<String> rawPaths = rawFiles.stream().map(DataFile::location).toList();
    String rawRelation =
        new SnapshotFiles(FloeTable.RAW_EVENTS.schema(), rawSnapshot, rawPaths).relation();
    List<LocalDate> rawDays = rawFiles.stream().map(FeaturizeBenchmark::day).sorted().toList();
    DateRange allDates = new DateRange(rawDays.get(0), rawDays.get(rawDays.size() - 1));

    List<double[]> floe = new ArrayList<>();
    List<double[]> bareSame = new ArrayList<>();
    List<double[]> bareNatural = new ArrayList<>();
    for (int rep = 0; rep < reps; rep++) {
      Path natural = root.resolve("bare-natural-" + rep);
      Path same = root.resolve("bare-same-" + rep);
      bareNatural.add(timed(() -> bareNatural(natural, rawRelation)));
      SqlFile sameSql = appliedSql == null ? SqlFile.load(Featurizer.FEATURE_SQL) : appliedSql;
      bareSame.add(timed(() -> bareSameStatement(same, rawRelation, allDates, sameSql)));
      Path dataDir = root.resolve("floe-" + rep);
      prepareFresh(dataDir, rawFiles, definitions);
      floe.add(timed(() -> featurizeFresh(dataDir)));
      Files.deleteIfExists(Path.of(natural + ".parquet"));
      deleteRecursively(same);
      if (rep < reps - 1) {
        deleteRecursively(dataDir);
      }
    }
    print("bare, natural statement (1 file, unordered)", bareNatural);
    print("bare, Floe's statement (partitioned, ordered)", bareSame);
    print("Floe featurize (full)", floe);

    // Incremental: late events for one past day, featurized on top of the last full run.
    try (FloeCatalog catalog = FloeCatalog.open(root.resolve("floe-" + (reps - 1)));
        Connection duck = DuckDb.open()) {
      Table raw = catalog.load(FloeTable.RAW_EVENTS);
      List<DataFile> late =
          ParquetTableWriter.write(
              duck,
              raw,
              RAW_EVENTS
                  .replace("range(?)", "range(?, ?)")
                  .replace("% ? AS INTEGER", "% 1 + ? - 45 AS INTEGER"),
              users,
              days,
              days,
              events,
              events + 100_000);
      TableCommits.append(raw, late, CommitLineage.direct("bench-late"), Map.of());
      long started = System.nanoTime();
      FeaturizeResult result =
          new Featurizer(catalog)
              .featurize(new FeaturizeRequest(null), CommitLineage.direct("featurize"));
      System.out.printf(
          "incremental: 100000 late events on %s -> %d dates, %d rows written in %.2f s%n",
          day(late.get(0)), result.datesRecomputed(), result.rowsWritten(), seconds(started));

      // Incremental: one new day appended after the last.
      List<DataFile> newDay =
          ParquetTableWriter.write(
              duck,
              raw,
              RAW_EVENTS
                  .replace("range(?)", "range(?, ?)")
                  .replace("% ? AS INTEGER", "% 1 + ? AS INTEGER"),
              users,
              days,
              days,
              events + 100_000,
              events + 200_000);
      TableCommits.append(raw, newDay, CommitLineage.direct("bench-new-day"), Map.of());
      started = System.nanoTime();
      result =
          new Featurizer(catalog)
              .featurize(new FeaturizeRequest(null), CommitLineage.direct("featurize"));
      System.out.printf(
          "incremental: 100000 events on a new day %s -> %d dates, %d rows written in %.2f s%n",
          day(newDay.get(0)), result.datesRecomputed(), result.rowsWritten(), seconds(started));
    }
  }

  private static LocalDate day(DataFile file) {
    return LocalDate.ofEpochDay(file.partition().get(0, Integer.class));
  }

  /** A fresh data directory holding the raw files and, if given, the applied definitions. */
  private static void prepareFresh(Path dataDir, List<DataFile> rawFiles, Path definitions) {
    try (FloeCatalog catalog = FloeCatalog.open(dataDir)) {
      Table raw = catalog.loadOrCreate(FloeTable.RAW_EVENTS);
      TableCommits.append(raw, rawFiles, CommitLineage.direct("bench"), Map.of());
      if (definitions != null) {
        applyDefinitions(catalog, definitions);
      }
    }
  }

  private static void applyDefinitions(FloeCatalog catalog, Path definitions) {
    new FeatureRegistry(catalog)
        .apply(FeatureDefinitions.load(definitions), CommitLineage.direct("features-apply"));
  }

  private static List<String> names(FloeCatalog catalog) {
    return new FeatureRegistry(catalog).list().stream().map(RegisteredFeature::name).toList();
  }

  private static void featurizeFresh(Path dataDir) {
    try (FloeCatalog catalog = FloeCatalog.open(dataDir)) {
      long started = System.nanoTime();
      FeaturizeResult result =
          new Featurizer(catalog)
              .featurize(new FeaturizeRequest(null), CommitLineage.direct("featurize"));
      System.out.printf(
          "  floe: %d rows, %d dates in %.2f s%n",
          result.rows(), result.datesRecomputed(), seconds(started));
    }
  }

  private static void bareSameStatement(
      Path out, String rawRelation, DateRange allDates, SqlFile sql) {
    String select =
        sql.render(
                Map.of(
                    "raw_events", rawRelation,
                    "earlier_features",
                        new SnapshotFiles(FloeTable.USER_FEATURES.schema(), null, List.of())
                            .relation(),
                    "date_ranges", DateRange.relation(List.of(allDates))));
    execute("COPY (" + select + ") TO '" + out + "' (FORMAT parquet, PARTITION_BY (__partition))");
  }

  private static void bareNatural(Path out, String rawRelation) {
    execute(String.format(NATURAL_BARE, rawRelation, out + ".parquet"));
  }

  private static void execute(String sql) {
    try (Connection duck = DuckDb.open();
        Statement statement = duck.createStatement()) {
      statement.execute(sql);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Wall seconds, CPU seconds of the whole process (steadier than wall time on a shared machine),
   * and the process's peak resident memory in MB during the step.
   */
  private static double[] timed(Runnable step) {
    resetPeakMemory();
    long cpuStarted = processCpuNanos();
    long started = System.nanoTime();
    step.run();
    return new double[] {seconds(started), (processCpuNanos() - cpuStarted) / 1e9, peakMegabytes()};
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void print(String name, List<double[]> runs) {
    double[] wall = runs.stream().mapToDouble(run -> run[0]).sorted().toArray();
    double[] cpu = runs.stream().mapToDouble(run -> run[1]).sorted().toArray();
    double peak = runs.stream().mapToDouble(run -> run[2]).max().orElse(0);
    System.out.printf(
        "%-48s wall min %.2f s median %.2f s | cpu min %.2f s median %.2f s | peak RSS %.0f MB%n",
        name, wall[0], wall[wall.length / 2], cpu[0], cpu[cpu.length / 2], peak);
  }

  private static double seconds(long started) {
    return (System.nanoTime() - started) / 1e9;
  }

  private static void resetPeakMemory() {
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    } catch (IOException e) {
      // Not Linux, or not allowed: the peak then covers the whole process.
    }
  }

  private static double peakMegabytes() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
      return lines
          .filter(line -> line.startsWith("VmHWM:"))
          .map(line -> Double.parseDouble(line.replaceAll("[^0-9]", "")) / 1024)
          .findFirst()
          .orElse(0.0);
    } catch (IOException e) {
      return 0;
    }
  }

  private static void deleteRecursively(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
