package dev.floe.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.engine.DuckDb;
import dev.floe.engine.SnapshotFiles;
import dev.floe.workflows.FloeJson;
import dev.floe.workflows.PipelineInput;
import dev.floe.workflows.PipelineProgress;
import dev.floe.workflows.PipelineResult;
import dev.floe.workflows.PipelineStep;
import io.temporal.api.history.v1.HistoryEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker killed with SIGKILL in the middle of featurizing: the server notices (the step stops
 * heartbeating), a new worker retries the step, and the run ends exactly as an undisturbed run does.
 * Everything runs from the shaded jar as separate processes: {@code floe server}, {@code floe worker}.
 */
class WorkerCrashIT {
  private static final String INPUT =
      "{\"users\": 40000, \"events\": 2000000, \"days\": 90, \"end_date\": \"2025-09-17\", \"seed\": 3}";

  @TempDir Path dataDir;
  @TempDir Path referenceDataDir;
  @TempDir Path logs;

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void runSurvivesAWorkerKilledMidFeaturize() throws Exception {
    PipelineResult crashed;
    boolean killedDuringFeaturize;
    try (FloeProcess server = FloeProcess.start(logs, "server", "server", "--port", "0")) {
      String target = server.awaitJson(60, TimeUnit.SECONDS).get("temporal").asText();
      try (FloeProcess firstWorker = worker(target, "worker-1");
          TemporalConnection connection = TemporalConnection.connect(target, "default")) {
        PipelineClient client = new PipelineClient(connection);
        client.start(FloeJson.mapper().readValue(INPUT, PipelineInput.class), "crash");

        killedDuringFeaturize = killWhenFeaturizing(client, firstWorker);
        try (FloeProcess secondWorker = worker(target, "worker-2")) {
          crashed = client.await("crash");
          long featurizeAttempts = connection.client().fetchHistory("crash").getEvents().stream()
              .filter(HistoryEvent::hasActivityTaskStartedEventAttributes)
              .map(HistoryEvent::getActivityTaskStartedEventAttributes)
              .filter(started -> started.getAttempt() > 1)
              .count();
          assertThat(featurizeAttempts).as("steps retried after the kill").isEqualTo(1);
        }
      }
    }
    PipelineResult reference = referenceRun();

    assertThat(killedDuringFeaturize).isTrue();
    assertThat(crashed.rowsAppended()).isEqualTo(reference.rowsAppended());
    assertThat(crashed.featureRows()).isEqualTo(reference.featureRows());
    assertThat(crashed.trainingRows()).isEqualTo(reference.trainingRows());
    assertThat(crashed.threshold()).isEqualTo(reference.threshold());
    assertThat(featureRowsAndDistinctKeys(dataDir)).containsExactly(reference.featureRows(), reference.featureRows());
  }

  private FloeProcess worker(String target, String name) throws Exception {
    FloeProcess worker = FloeProcess.start(logs, name, "--data-dir", dataDir.toString(), "worker", "--temporal", target);
    worker.awaitJson(60, TimeUnit.SECONDS);
    return worker;
  }

  /** Polls the run and kills the worker a moment after featurize starts; false if it never saw featurize. */
  private static boolean killWhenFeaturizing(PipelineClient client, FloeProcess worker) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (System.nanoTime() < deadline) {
      Optional<PipelineProgress> progress = client.queryProgress("crash");
      if (progress.isPresent() && progress.get().currentStep() == PipelineStep.FEATURIZE) {
        Thread.sleep(300);
        worker.kill();
        return true;
      }
      if (progress.isPresent() && progress.get().completed().stream().anyMatch(step -> step.step() == PipelineStep.FEATURIZE)) {
        return false;
      }
      Thread.sleep(50);
    }
    return false;
  }

  private PipelineResult referenceRun() throws Exception {
    try (FloeProcess run = FloeProcess.start(logs, "reference", "--data-dir", referenceDataDir.toString(),
        "run", "--no-progress", "--input", INPUT)) {
      JsonNode result = run.awaitJson(10, TimeUnit.MINUTES);
      assertThat(run.awaitExit(1, TimeUnit.MINUTES)).isZero();
      return FloeJson.mapper().treeToValue(result, PipelineResult.class);
    }
  }

  private static Object[] featureRowsAndDistinctKeys(Path dataDir) throws Exception {
    try (FloeCatalog catalog = FloeCatalog.open(dataDir);
        Connection connection = DuckDb.open();
        Statement statement = connection.createStatement()) {
      Table features = catalog.load(FloeTable.USER_FEATURES);
      String relation = SnapshotFiles.of(features, features.currentSnapshot().snapshotId()).relation();
      try (ResultSet rows = statement.executeQuery("SELECT count(*), count(DISTINCT (user_id, dt)) FROM " + relation)) {
        rows.next();
        return new Object[] {rows.getLong(1), rows.getLong(2)};
      }
    }
  }
}
