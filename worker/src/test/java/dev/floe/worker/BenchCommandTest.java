package dev.floe.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.engine.DuckDb;
import dev.floe.engine.SnapshotFiles;
import dev.floe.workflows.GenerateRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's code path at a tiny size. What makes its ratios honest is checked here
 * independently of the benchmark's own fingerprints: Floe's feature snapshot and the bare
 * statement's Parquet output hold exactly the same rows.
 */
class BenchCommandTest {
  private static final GenerateRequest TINY =
      new GenerateRequest(500, 20_000, 30, LocalDate.parse("2025-09-17"), 7, 1, List.of());

  @TempDir Path directory;

  @Test
  void reportsEveryStepWithPositiveTimingsAndIdenticalOutputs() throws SQLException {
    BenchReport report = new PipelineBenchmark(TINY).run(directory);

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
    assertThat(report.targets()).extracting(BenchReport.Target::name).hasSize(4);
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
            "threshold (orchestrated)");
    assertThat(report.outputsIdentical()).isTrue();
    if (Files.exists(Path.of("/proc/self/status"))) {
      assertThat(report.peakRssMb()).isPositive();
      assertThat(report.step("featurize").floePeakRssMb()).isPositive();
    }

    try (FloeCatalog catalog = FloeCatalog.open(PipelineBenchmark.floeDirectory(directory));
        Connection duck = DuckDb.open()) {
      String floeFeatures =
          SnapshotFiles.of(catalog.load(FloeTable.USER_FEATURES), null).relation();
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
    }
  }

  @Test
  void commandPrintsJsonAndDeletesItsDirectory() throws IOException {
    FloeCli cli = new FloeCli(directory.resolve("unused"));
    Path work = directory.resolve("work");
    JsonNode json =
        cli.ok(
                "bench",
                "--events",
                "2000",
                "--users",
                "50",
                "--days",
                "10",
                "--end-date",
                "2025-09-17",
                "--work-dir",
                work.toString())
            .json();

    assertThat(json.get("steps")).hasSize(4);
    assertThat(json.get("steps").get(1).get("step").asText()).isEqualTo("featurize");
    assertThat(json.get("steps").get(1).get("floe_seconds").asDouble()).isPositive();
    assertThat(json.get("pipeline").get("ratio").asDouble()).isPositive();
    assertThat(json.get("checks").findValuesAsText("output"))
        .contains("raw_events", "user_features", "threshold");
    assertThat(json.get("checks").findValuesAsText("identical")).containsOnly("true");
    assertThat(json.get("targets").findValuesAsText("met")).hasSize(4);
    assertThat(json.get("orchestrated").get("seconds").asDouble()).isPositive();
    try (Stream<Path> left = Files.list(work)) {
      assertThat(left).as("the benchmark directory is deleted").isEmpty();
    }
    assertThat(cli.dataDir()).as("bench ignores --data-dir").doesNotExist();
  }

  @Test
  void prettyPrintsTheTableAndKeepKeepsTheData() throws IOException {
    Path work = directory.resolve("work");
    String table =
        new FloeCli(directory.resolve("unused"))
            .ok(
                "--pretty",
                "bench",
                "--events",
                "2000",
                "--users",
                "50",
                "--days",
                "10",
                "--work-dir",
                work.toString(),
                "--keep")
            .stdout();

    assertThat(table)
        .contains(
            "orchestrated",
            "generate",
            "featurize",
            "calibrate",
            "register",
            "pipeline",
            "target",
            "data kept in");
    try (Stream<Path> kept = Files.list(work)) {
      Path benchDirectory = kept.findFirst().orElseThrow();
      assertThat(PipelineBenchmark.floeDirectory(benchDirectory).resolve("catalog.db")).exists();
      assertThat(PipelineBenchmark.bareDirectory(benchDirectory, FloeTable.USER_FEATURES))
          .isDirectory();
    }
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
