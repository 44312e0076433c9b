package dev.floe.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.engine.DuckDb;
import dev.floe.engine.SnapshotFiles;
import dev.floe.engine.SqlStatement;
import dev.floe.fault.FaultInjection;
import dev.floe.serving.RedisServer;
import dev.floe.workflows.FloeJson;
import dev.floe.workflows.PipelineInput;
import dev.floe.workflows.PipelineResult;
import io.temporal.api.history.v1.HistoryEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exactly-once, proven by killing real processes. One {@code floe server} serves every case; each
 * case runs the same pipeline (generate, featurize, calibrate, register, materialize to a real
 * {@code redis-server}) on a fresh data directory with a {@code floe worker} that SIGKILLs itself at
 * one named point ({@link FaultInjection}), then starts a second worker and lets the run finish. The
 * store must then equal an undisturbed run's: rows and fingerprints, snapshots and tags per table,
 * model rows, Redis hashes. Each case prints one {@code fault-figures} line; RELIABILITY.md sums them.
 */
class WorkerFaultsIT {
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

  @TempDir static Path shared;
  private static FloeProcess server;
  private static String target;
  private static Undisturbed reference;

  private record Undisturbed(PipelineResult result, StoreFigures figures, StoreFigures.Redis redis) {}

  @BeforeAll
  static void startServerAndRunUndisturbed() throws Exception {
    server = FloeProcess.start(shared, "server", "server", "--port", "0");
    target = server.awaitJson(60, TimeUnit.SECONDS).get("temporal").asText();
    Path dataDir = Files.createDirectories(shared.resolve("undisturbed"));
    try (RedisServer redis = RedisServer.start(Files.createDirectories(shared.resolve("undisturbed-redis")));
        FloeProcess worker = worker(shared, dataDir, "undisturbed-worker", Map.of());
        TemporalConnection connection = TemporalConnection.connect(target, "default")) {
      PipelineClient client = new PipelineClient(connection);
      client.start(input(redis), "undisturbed");
      PipelineResult result = client.await("undisturbed");
      reference = new Undisturbed(result, StoreFigures.of(dataDir), StoreFigures.Redis.of(redis.uri()));
    }
  }

  @AfterAll
  static void stopServer() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest(name = "FLOE_FAULT={0}")
  @ValueSource(strings = {
      "generate:before-commit", "generate:after-commit",
      "featurize:before-commit", "featurize:after-commit",
      "calibrate:started",
      "register:before-commit", "register:after-commit",
      "materialize:before-commit", "materialize:after-commit"})
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void aRunWhoseWorkerIsKilledEndsExactlyAsAnUndisturbedRun(String fault, @TempDir Path dataDir, @TempDir Path logs)
      throws Exception {
    String workflowId = "killed-at-" + fault.replace(':', '-');
    try (RedisServer redis = RedisServer.start(logs);
        TemporalConnection connection = TemporalConnection.connect(target, "default")) {
      PipelineClient client = new PipelineClient(connection);
      Instant killedAt;
      try (FloeProcess doomed = worker(logs, dataDir, "worker-1", Map.of(FaultInjection.VARIABLE, fault))) {
        client.start(input(redis), workflowId);
        assertThat(doomed.awaitExit(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("exit status of SIGKILL").isEqualTo(137);
        killedAt = Instant.now();
        assertThat(doomed.stderr()).contains(FaultInjection.VARIABLE + "=" + fault + " reached");
      }
      PipelineResult result;
      try (FloeProcess rescuer = worker(logs, dataDir, "worker-2", Map.of())) {
        result = client.await(workflowId);
      }
      Duration recovery = Duration.between(killedAt, Instant.now());
      long retries = connection.client().fetchHistory(workflowId).getEvents().stream()
          .filter(HistoryEvent::hasActivityTaskStartedEventAttributes)
          .filter(started -> started.getActivityTaskStartedEventAttributes().getAttempt() > 1)
          .count();

      assertThat(retries).as("attempts retried after the kill").isEqualTo(1);
      assertThat(result.rowsAppended()).isEqualTo(reference.result().rowsAppended());
      assertThat(result.featureRows()).isEqualTo(reference.result().featureRows());
      assertThat(result.trainingRows()).isEqualTo(reference.result().trainingRows());
      assertThat(result.threshold()).isEqualTo(reference.result().threshold());
      StoreFigures figures = StoreFigures.of(dataDir);
      assertThat(figures).isEqualTo(reference.figures());
      StoreFigures.Redis online = StoreFigures.Redis.of(redis.uri());
      assertThat(online.servedSnapshotId()).isEqualTo(Long.toString(result.featureSnapshotId()));
      assertThat(online.snapshotHashes()).hasSameSizeAs(reference.redis().snapshotHashes());
      assertThat(online.servedUsers()).isEqualTo(reference.redis().servedUsers());
      System.out.printf(
          "fault-figures fault=%s killed=1 recovered=1 recovery_seconds=%.1f raw_rows=%d/%d feature_rows=%d/%d"
              + " model_rows=%d redis_users=%d%n",
          fault, recovery.toMillis() / 1000.0, figures.rawRows(), reference.figures().rawRows(),
          figures.featureRows(), reference.figures().featureRows(), figures.modelRows(), online.servedUsers());
    }
  }

  /**
   * Two pipeline runs (on two workers) and two {@code floe ingest} processes, all at once on one data
   * directory and its SQLite catalog: every one succeeds and every row lands exactly once.
   */
  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void twoRunsAndTwoIngestsAtOnceOnOneDataDirectoryAllSucceed(@TempDir Path dataDir, @TempDir Path logs)
      throws Exception {
    Path first = writeEvents(logs.resolve("first.csv"), 10_000_000L, 2_000);
    Path second = writeEvents(logs.resolve("second.csv"), 20_000_000L, 2_000);
    try (FloeProcess workerA = worker(logs, dataDir, "worker-a", Map.of());
        FloeProcess workerB = worker(logs, dataDir, "worker-b", Map.of());
        TemporalConnection connection = TemporalConnection.connect(target, "default")) {
      PipelineClient client = new PipelineClient(connection);
      PipelineInput runA = FloeJson.mapper().readValue(
          "{\"users\": 200, \"events\": 5000, \"days\": 30, \"end_date\": \"2025-09-17\", \"seed\": 21}", PipelineInput.class);
      PipelineInput runB = FloeJson.mapper().readValue(
          "{\"users\": 200, \"events\": 5000, \"days\": 30, \"end_date\": \"2025-09-17\", \"seed\": 22}", PipelineInput.class);
      client.start(runA, "concurrent-a");
      client.start(runB, "concurrent-b");
      List<FloeProcess> ingests = new ArrayList<>();
      ingests.add(FloeProcess.start(logs, "ingest-1", "--data-dir", dataDir.toString(), "ingest", first.toString()));
      ingests.add(FloeProcess.start(logs, "ingest-2", "--data-dir", dataDir.toString(), "ingest", second.toString()));

      CompletableFuture<PipelineResult> a = CompletableFuture.supplyAsync(() -> client.await("concurrent-a"));
      CompletableFuture<PipelineResult> b = CompletableFuture.supplyAsync(() -> client.await("concurrent-b"));
      for (FloeProcess ingest : ingests) {
        try (ingest) {
          assertThat(ingest.awaitExit(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as(ingest.stderr()).isZero();
        }
      }
      PipelineResult resultA = a.get(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      PipelineResult resultB = b.get(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);

      assertThat(resultA.rowsAppended()).isEqualTo(5_000);
      assertThat(resultB.rowsAppended()).isEqualTo(5_000);
      assertThat(resultA.modelVersion()).isNotEqualTo(resultB.modelVersion());
    }
    StoreFigures figures = StoreFigures.of(dataDir);
    assertThat(figures.rawRows()).as("raw rows: 2 runs x 5,000 + 2 files x 2,000").isEqualTo(14_000);
    assertThat(distinctRawIds(dataDir)).isEqualTo(14_000);
    assertThat(figures.modelRows()).isEqualTo(2);
    assertThat(figures.snapshots().get(FloeTable.RAW_EVENTS)).as("one append per run and per file").isEqualTo(4);
    System.out.printf("fault-figures concurrent runs=2 ingests=2 succeeded=4 raw_rows=%d/14000 model_rows=%d%n",
        figures.rawRows(), figures.modelRows());
  }

  private static PipelineInput input(RedisServer redis) throws IOException {
    return FloeJson.mapper().readValue(
        "{\"users\": 200, \"events\": 5000, \"days\": 30, \"end_date\": \"2025-09-17\", \"seed\": 11,"
            + " \"online_store\": \"" + redis.uri() + "\"}",
        PipelineInput.class);
  }

  private static FloeProcess worker(Path logs, Path dataDir, String name, Map<String, String> environment)
      throws Exception {
    FloeProcess worker = FloeProcess.start(logs, name, environment,
        "--data-dir", dataDir.toString(), "worker", "--temporal", target);
    worker.awaitJson(60, TimeUnit.SECONDS);
    return worker;
  }

  /** {@code rows} transactions with ids from {@code firstId}, on the days the runs generate. */
  private static Path writeEvents(Path file, long firstId, int rows) throws IOException {
    StringBuilder csv = new StringBuilder("id,user_id,amount,vendor_id,event_timestamp\n");
    Instant start = Instant.parse("2025-08-20T00:00:00Z");
    for (int i = 0; i < rows; i++) {
      csv.append(firstId + i).append(',').append(i % 200).append(',').append(10 + i % 90).append(".25,")
          .append(1 + i % 1000).append(',').append(start.plusSeconds(i * 997L)).append('\n');
    }
    return Files.writeString(file, csv, StandardCharsets.UTF_8);
  }

  private static long distinctRawIds(Path dataDir) throws Exception {
    try (FloeCatalog catalog = FloeCatalog.open(dataDir); Connection duck = DuckDb.open()) {
      Table raw = catalog.load(FloeTable.RAW_EVENTS);
      String relation = SnapshotFiles.of(raw, raw.currentSnapshot().snapshotId()).relation();
      return SqlStatement.of("SELECT count(DISTINCT id) AS n FROM " + relation)
          .queryOne(duck, row -> row.getLong("n"));
    }
  }
}
