package dev.floe.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.floe.serving.RedisServer;
import dev.floe.workflows.PipelineInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records the histories FeaturePipelineReplayTest keeps, from real runs on real tables. Run it
 * deliberately after a workflow change guarded by {@code Workflow.getVersion}:
 *
 * <pre>mvn -B -pl activities -am test -Dtest=PipelineHistoryRecorder -Dsurefire.failIfNoSpecifiedTests=false -Dfloe.record-histories=true</pre>
 *
 * It never overwrites a kept history: an existing file fails the recording instead.
 */
@EnabledIfSystemProperty(named = "floe.record-histories", matches = "true")
class PipelineHistoryRecorder {
  private static final Path HISTORIES = Path.of("..", "workflows", "src", "test", "resources", "histories");

  @TempDir Path dataDir;
  @TempDir Path files;

  @Test
  void recordGenerateThenExistingRuns() throws IOException {
    Path anomalyFile = Files.writeString(files.resolve("single_user.json"), "[{\"user_id\": 42, \"day\": 5, \"multiplier\": 10, \"n\": 1}]");
    PipelineInput generate = PipelineInputs.parse("{\"users\": 100, \"events\": 10000, \"days\": 30, \"end_date\": \"2025-09-17\","
        + " \"anomaly_files\": [\"" + anomalyFile + "\"], \"anomalies\": [{\"user_id\": 7, \"day\": 20, \"n\": 2}]}");

    try (PipelineTestEnvironment pipeline = PipelineTestEnvironment.start(dataDir)) {
      pipeline.run("recorded-generate", generate);
      keep(pipeline, "recorded-generate", "generate");
      pipeline.run("recorded-existing", PipelineInputs.parse("{\"source\": \"existing\", \"quantile\": 0.99}"));
      keep(pipeline, "recorded-existing", "existing");
    }
  }

  @Test
  void recordIngestRun() throws IOException {
    Path csv = PipelineInputs.transactionsCsv(files, 30, 30);

    try (PipelineTestEnvironment pipeline = PipelineTestEnvironment.start(dataDir)) {
      pipeline.run("recorded-ingest", PipelineInputs.parse("{\"ingest_file\": \"" + csv + "\"}"));
      keep(pipeline, "recorded-ingest", "ingest");
    }
  }

  /** The materialize step (workflow version "materialize-step" 1) against a real redis-server. */
  @Test
  void recordMaterializeRun(@TempDir Path redisDir) throws Exception {
    try (RedisServer redis = RedisServer.start(redisDir);
        PipelineTestEnvironment pipeline = PipelineTestEnvironment.start(dataDir)) {
      pipeline.run("recorded-materialize", PipelineInputs.parse("{\"users\": 50, \"events\": 5000, \"days\": 30,"
          + " \"end_date\": \"2025-09-17\", \"online_store\": \"" + redis.uri() + "\"}"));
      keep(pipeline, "recorded-materialize", "materialize");
    }
  }

  @Test
  void recordFailedRun() throws IOException {
    PipelineInput emptyWindow = PipelineInputs.parse("{\"users\": 10, \"events\": 1000, \"days\": 10, \"end_date\": \"2025-09-17\","
        + " \"window_start\": \"2020-01-01\", \"window_end\": \"2020-01-31\"}");

    try (PipelineTestEnvironment pipeline = PipelineTestEnvironment.start(dataDir)) {
      assertThat(catchThrowable(() -> pipeline.run("recorded-failed", emptyWindow))).isNotNull();
      keep(pipeline, "recorded-failed", "failed-empty-window");
    }
  }

  private static void keep(PipelineTestEnvironment pipeline, String workflowId, String scenario) throws IOException {
    String version = System.getProperty("floe.version", "unknown").replace("-SNAPSHOT", "");
    Path file = HISTORIES.resolve("feature-pipeline_floe-" + version + "_" + scenario + ".json");
    assertThat(file).as("kept histories are never regenerated; add a new version instead").doesNotExist();
    Files.writeString(file, pipeline.client().fetchHistory(workflowId).toJson(true));
  }
}
