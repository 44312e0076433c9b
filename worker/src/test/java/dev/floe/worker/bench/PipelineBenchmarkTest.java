package dev.floe.worker.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.engine.DuckDb;
import dev.floe.engine.SnapshotFiles;
import dev.floe.workflows.GenerateRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's code path at a tiny size. What makes its ratios honest is checked here
 * independently of the benchmark's own fingerprints: Floe's feature snapshot and the bare
 * statement's Parquet output hold exactly the same rows.
 */
class PipelineBenchmarkTest {
  private static final GenerateRequest TINY =
      new GenerateRequest(500, 20_000, 30, LocalDate.parse("2025-09-17"), 7, 1, List.of());

  private static final long LABELS = 3_000;

  @TempDir Path directory;

  @Test
  void reportsEveryStepWithPositiveTimingsAndIdenticalOutputs() throws SQLException {
    BenchReport report = new PipelineBenchmark(TINY).withServingRows(LABELS).run(directory);

    assertThat(report.steps())
        .extracting(BenchReport.Step::step)
        .containsExactly("generate", "featurize", "calibrate", "register");
    for (BenchReport.Step step : report.steps()) {
      assertThat(step.floeSeconds()).as("Floe seconds of %s", step.step()).isPositive();
      if (step.step().equals("register")) {
        assertThat(step.bareSeconds()).as("register has no bare statement").isNull();
        assertThat(step.ratio()).isNull();
      } else {
        assertThat(step.bareSeconds()).as("bare seconds of %s", step.step()).isPositive();
        assertThat(step.ratio()).isPositive();
      }
    }
    double floeSum = report.steps().stream().mapToDouble(BenchReport.Step::floeSeconds).sum();
    assertThat(report.pipeline().floeSeconds()).isCloseTo(floeSum, offset(0.002));
    assertThat(report.pipeline().bareSeconds()).isPositive();
    assertThat(report.targets())
        .extracting(BenchReport.Target::name)
        .hasSize(7)
        .contains("commit to online (ms)", "commit to Redis (ms)", "training set rows/s");
    assertThat(report.orchestrated().seconds()).isPositive();
    assertThat(report.orchestrated().directSeconds()).isEqualTo(report.pipeline().floeSeconds());
    assertThat(report.orchestrated().stepSeconds())
        .as("time inside the steps is part of the workflow's wall time")
        .isPositive()
        .isLessThan(report.orchestrated().seconds());
    assertThat(report.orchestrated().firstRunOverheadMillis()).isPositive();
    assertThat(report.checks())
        .extracting(BenchReport.OutputCheck::output)
        .containsExactly(
            "raw_events",
            "user_features",
            "threshold",
            "user_features (orchestrated)",
            "threshold (orchestrated)",
            "training_set",
            "training_set_asof");
    assertThat(report.outputsIdentical()).isTrue();
    assertServingRows(report.serving(), LABELS);
    assertThat(BenchSummary.text(report, false))
        .contains("training-set", "online", "1 user p50", "100 users p50", "freshness", "training_set");
    if (Files.exists(Path.of("/proc/self/status"))) {
      assertThat(report.peakRssMb()).isPositive();
      assertThat(report.step("featurize").floePeakRssMb()).isPositive();
    }

    try (FloeCatalog catalog = FloeCatalog.open(PipelineBenchmark.floeDirectory(directory));
        Connection duck = DuckDb.open()) {
      // The featurize commit: the freshness rows appended days after it.
      long featurized =
          catalog.load(FloeTable.USER_FEATURES).snapshots().iterator().next().snapshotId();
      String floeFeatures =
          SnapshotFiles.of(catalog.load(FloeTable.USER_FEATURES), featurized).relation();
      String bareFeatures =
          parquetUnder(PipelineBenchmark.bareDirectory(directory, FloeTable.USER_FEATURES));
      String columns = "SELECT user_id, dt, spending_mean_7d FROM ";
      long floeRows = single(duck, "SELECT count(*) FROM " + floeFeatures);
      // 500 users over 30 days: every user has rows from their first event date on.
      assertThat(floeRows).isGreaterThan(500L * 20);
      assertThat(single(duck, "SELECT count(*) FROM " + bareFeatures)).isEqualTo(floeRows);
      assertThat(
              single(
                  duck,
                  "SELECT count(*) FROM ("
                      + columns
                      + floeFeatures
                      + " EXCEPT ALL "
                      + columns
                      + bareFeatures
                      + ")"))
          .as("Floe feature rows missing from the bare output")
          .isZero();
      assertThat(
              single(
                  duck,
                  "SELECT count(*) FROM ("
                      + columns
                      + bareFeatures
                      + " EXCEPT ALL "
                      + columns
                      + floeFeatures
                      + ")"))
          .as("bare feature rows missing from Floe's snapshot")
          .isZero();
      assertThat(
              single(
                  duck,
                  "SELECT count(*) FROM "
                      + parquetUnder(
                          PipelineBenchmark.bareDirectory(directory, FloeTable.RAW_EVENTS))))
          .isEqualTo(TINY.events());

      Path serving = ServingBenchmark.servingDirectory(directory);
      String floeSet = "read_parquet('" + serving.resolve("training-set-floe.parquet") + "')";
      String setColumns = "SELECT request_id, user_id, as_of_ts, feature_dt, spending_mean_7d FROM ";
      assertThat(single(duck, "SELECT count(*) FROM " + floeSet)).isEqualTo(LABELS);
      for (String bare : List.of("training-set-bare.parquet", "training-set-bare-asof.parquet")) {
        String bareSet = "read_parquet('" + serving.resolve(bare) + "')";
        assertThat(single(duck, "SELECT count(*) FROM " + bareSet)).isEqualTo(LABELS);
        assertThat(single(duck, "SELECT count(*) FROM (" + setColumns + floeSet + " EXCEPT ALL " + setColumns + bareSet + ")"))
            .as("Floe's training set rows %s does not have", bare)
            .isZero();
      }
    }
  }

  /** Present, positive, and a training set of every label where most (not all) found features. */
  private static void assertServingRows(BenchReport.Serving serving, long labels) {
    assertThat(serving).as("serving rows").isNotNull();
    BenchReport.TrainingSetRun trainingSet = serving.trainingSet();
    assertThat(trainingSet.labels()).isEqualTo(labels);
    assertThat(trainingSet.rowsWithFeatures())
        .as("some labels come before any feature is known")
        .isPositive()
        .isLessThan(labels);
    assertThat(trainingSet.floeSeconds()).isPositive();
    assertThat(trainingSet.bareSeconds()).isPositive();
    assertThat(trainingSet.ratio()).isPositive();
    assertThat(trainingSet.bareAsofSeconds()).isPositive();
    assertThat(trainingSet.asofRatio()).isPositive();
    assertThat(trainingSet.labelRowsPerSecond()).isPositive();
    assertThat(serving.lookups())
        .extracting(dev.floe.serving.LookupLatency::users)
        .containsExactly(1, 100);
    for (dev.floe.serving.LookupLatency lookup : serving.lookups()) {
      assertThat(lookup.p50Millis()).isPositive();
      assertThat(lookup.p99Millis()).isGreaterThanOrEqualTo(lookup.p50Millis());
    }
    assertFreshness(serving.freshness());
    assertThat(serving.redisSkipped()).as("redis-server is installed where the tests run").isNull();
    assertFreshness(serving.redisFreshness());
  }

  private static void assertFreshness(BenchReport.Freshness freshness) {
    assertThat(freshness.millis()).hasSize(ServingBenchmark.FRESHNESS_ROUNDS);
    assertThat(freshness.millis()).allSatisfy(millis -> assertThat(millis).isNotNegative());
    assertThat(freshness.maxMillis()).isPositive().isGreaterThanOrEqualTo(freshness.medianMillis());
    assertThat(freshness.materializeSeconds()).isPositive();
  }

  private static String parquetUnder(Path directory) {
    return "read_parquet('" + directory + "/**/*.parquet', hive_partitioning = false)";
  }

  private static long single(Connection duck, String sql) throws SQLException {
    try (Statement statement = duck.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
