package dev.floe.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.engine.DuckDb;
import dev.floe.engine.SnapshotFiles;
import dev.floe.engine.SqlStatement;
import dev.floe.fault.FaultInjection;
import dev.floe.serving.RedisServer;
import dev.floe.workflows.BackfillRequest;
import dev.floe.workflows.BackfillWorkflow;
import dev.floe.workflows.FeaturePipeline;
import dev.floe.workflows.FeaturizeResult;
import dev.floe.workflows.FloeJson;
import dev.floe.workflows.PipelineInput;
import dev.floe.workflows.PipelineResult;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
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
 * Exactly-once, proven by killing real processes. One {@code floe server} serves every case. A
 * case runs the pipeline (generate, featurize, calibrate, register, materialize to a real {@code
 * redis-server}), or a backfill, on a fresh data directory with {@code floe worker}s that SIGKILL
 * themselves at named points ({@link FaultInjection}: mid-step before the commit, right after the
 * commit before the activity returns), one after the other, and a last worker finishes it. The
 * store must then equal an undisturbed run's: rows and fingerprints, snapshots and tags per table,
 * model rows, Redis hashes. Each case prints a {@code fault-figures} line; RELIABILITY.md has them.
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

  /**
   * Each case is one run and a chain of workers: worker i dies at fault i, and the last worker,
   * started without a fault, finishes the run. Every kill costs the heartbeat timeout (20 s) before
   * the server retries the step, so chaining the kills keeps the whole IT to a few minutes.
   */
  @ParameterizedTest(name = "FLOE_FAULT={0}")
  @ValueSource(strings = {
      "generate:before-commit,featurize:after-commit,calibrate:started,register:after-commit,materialize:before-commit",
      "generate:after-commit,featurize:before-commit,register:before-commit,materialize:after-commit"})
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void aRunWhoseWorkersAreKilledEndsExactlyAsAnUndisturbedRun(String faults, @TempDir Path dataDir, @TempDir Path logs)
      throws Exception {
    List<String> chain = List.of(faults.split(","));
    String workflowId = "killed-at-" + chain.get(0).replace(':', '-');
    try (RedisServer redis = RedisServer.start(logs);
        TemporalConnection connection = TemporalConnection.connect(target, "default")) {
      PipelineClient client = new PipelineClient(connection);
      client.start(input(redis), workflowId);
      Kills kills = killInTurn(chain, logs, dataDir);
      PipelineResult result;
      try (FloeProcess rescuer = worker(logs, dataDir, "rescuer", Map.of())) {
        result = client.await(workflowId);
      }

      assertThat(retriedAttempts(connection, workflowId)).as("attempts retried after the kills").isEqualTo(chain.size());
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
          "fault-figures run faults=%s killed=%d recovered=1 seconds_killed_to_done=%.1f raw_rows=%d/%d"
              + " feature_rows=%d/%d model_rows=%d/%d redis_users=%d/%d%n",
          faults, chain.size(), kills.seconds(), figures.rawRows(), reference.figures().rawRows(),
          figures.featureRows(), reference.figures().featureRows(), figures.modelRows(),
          reference.figures().modelRows(), online.servedUsers(), reference.redis().servedUsers());
    }
  }

  /**
   * A backfill whose worker dies while computing a chunk, and the next one right after the range's
   * commit landed: the features, and the number of snapshots, equal an undisturbed backfill's.
   */
  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void aBackfillWhoseWorkersAreKilledEndsExactlyAsAnUndisturbedOne(@TempDir Path dataDir, @TempDir Path logs)
      throws Exception {
    BackfillRequest request = new BackfillRequest(null, LocalDate.parse("2025-08-25"), LocalDate.parse("2025-09-10"), 5);
    List<String> chain = List.of("backfill-chunk:started", "backfill:after-commit");
    try (TemporalConnection connection = TemporalConnection.connect(target, "default")) {
      PipelineClient client = new PipelineClient(connection);
      try (FloeProcess worker = worker(logs, dataDir, "pipeline-worker", Map.of())) {
        client.start(input(null), "before-backfill");
        client.await("before-backfill");
      }
      Path undisturbedDir = shared.resolve("undisturbed");
      try (FloeProcess worker = worker(logs, undisturbedDir, "undisturbed-backfill-worker", Map.of())) {
        backfill(connection, request, "undisturbed-backfill").get(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }

      CompletableFuture<FeaturizeResult> killed = backfill(connection, request, "killed-backfill");
      Kills kills = killInTurn(chain, logs, dataDir);
      try (FloeProcess rescuer = worker(logs, dataDir, "backfill-rescuer", Map.of())) {
        killed.get(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
      // Chunks run in parallel: every chunk in flight on the killed worker is retried, at least one.
      assertThat(retriedAttempts(connection, "killed-backfill")).isGreaterThanOrEqualTo(chain.size());
      StoreFigures figures = StoreFigures.of(dataDir);
      StoreFigures undisturbed = StoreFigures.of(undisturbedDir);
      assertThat(figures.featureFingerprint()).isEqualTo(undisturbed.featureFingerprint());
      assertThat(figures.featureRows()).isEqualTo(undisturbed.featureRows());
      assertThat(figures.snapshots()).isEqualTo(undisturbed.snapshots());
      System.out.printf(
          "fault-figures backfill faults=%s killed=%d recovered=1 seconds_killed_to_done=%.1f feature_rows=%d/%d%n",
          String.join(",", chain), chain.size(), kills.seconds(), figures.featureRows(), undisturbed.featureRows());
    }
  }

  private record Kills(Instant firstKill) {
    double seconds() {
      return Duration.between(firstKill, Instant.now()).toMillis() / 1000.0;
    }
  }

  /** Starts one worker per fault, each after the previous one died at its own, and checks each died there. */
  private static Kills killInTurn(List<String> chain, Path logs, Path dataDir) throws Exception {
    Instant first = null;
    for (int i = 0; i < chain.size(); i++) {
      String fault = chain.get(i);
      try (FloeProcess doomed = worker(logs, dataDir, "worker-" + (i + 1), Map.of(FaultInjection.VARIABLE, fault))) {
        assertThat(doomed.awaitExit(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
            .as("exit status of worker %d, to be SIGKILLed at %s", i + 1, fault)
            .isEqualTo(137);
        assertThat(doomed.stderr()).contains(FaultInjection.VARIABLE + "=" + fault + " reached");
      }
      first = first == null ? Instant.now() : first;
    }
    return new Kills(first);
  }

  private static long retriedAttempts(TemporalConnection connection, String workflowId) {
    return connection.client().fetchHistory(workflowId).getEvents().stream()
        .filter(HistoryEvent::hasActivityTaskStartedEventAttributes)
        .filter(started -> started.getActivityTaskStartedEventAttributes().getAttempt() > 1)
        .count();
  }

  private static CompletableFuture<FeaturizeResult> backfill(
      TemporalConnection connection, BackfillRequest request, String workflowId) {
    BackfillWorkflow workflow = connection.client().newWorkflowStub(BackfillWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(FeaturePipeline.TASK_QUEUE).setWorkflowId(workflowId).build());
    return WorkflowClient.execute(workflow::run, request);
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

  /** The pipeline every kill case runs; with {@code redis} null, without the materialize step. */
  private static PipelineInput input(RedisServer redis) throws IOException {
    String onlineStore = redis == null ? "" : ", \"online_store\": \"" + redis.uri() + "\"";
    return FloeJson.mapper().readValue(
        "{\"users\": 200, \"events\": 5000, \"days\": 30, \"end_date\": \"2025-09-17\", \"seed\": 11"
            + onlineStore + "}",
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
