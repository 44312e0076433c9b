package dev.floe.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.activities.PipelineActivitiesImpl;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.models.ModelRegistry;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code floe run}, {@code start} and {@code status}, in-process, against real tables. */
class PipelineCommandsTest {
  private static final String SMALL_RUN =
      "{\"users\": 30, \"events\": 3000, \"days\": 30, \"end_date\": \"2025-09-17\", \"seed\": 5, \"extra\": \"ignored\"}";

  @TempDir Path dataDir;

  @Test
  void runWithoutTemporalRunsAnEmbeddedServerAndWorkerAndPrintsTheResult() {
    FloeCli floe = new FloeCli(dataDir);

    JsonNode result = floe.ok("run", "--no-progress", "--workflow-id", "cli-run", "--input", SMALL_RUN).json();

    assertThat(result.get("workflow_id").asText()).isEqualTo("cli-run");
    assertThat(result.get("rows_appended").asLong()).isEqualTo(3000);
    assertThat(result.get("steps")).hasSize(4);
    assertThat(floe.currentSnapshots().get(FloeTable.USER_FEATURES)).isEqualTo(result.get("feature_snapshot_id").asLong());
    try (FloeCatalog catalog = FloeCatalog.open(dataDir)) {
      assertThat(new ModelRegistry(catalog).find(result.get("model_version").asText()).workflowId()).isEqualTo("cli-run");
    }
  }

  @Test
  void inconsistentInputFailsBeforeARunStarts() {
    new FloeCli(dataDir).run("run", "--input", "{\"source\": \"ingest\"}")
        .assertFailedWith(ExitCode.INVALID_INPUT);
  }

  @Test
  void malformedInputNamesTheField() {
    FloeCli.Run run = new FloeCli(dataDir).run("run", "--input", "{\"users\": \"many\"}").assertFailedWith(ExitCode.INVALID_INPUT);

    assertThat(run.stderr()).contains("'users'");
  }

  @Test
  void aFailedStepExitsAsTheSameErrorFromADirectCommandWould() {
    String emptyWindow = "{\"users\": 10, \"events\": 500, \"days\": 10, \"end_date\": \"2025-09-17\","
        + " \"window_start\": \"2020-01-01\", \"window_end\": \"2020-01-31\"}";

    new FloeCli(dataDir).run("run", "--no-progress", "--input", emptyWindow).assertFailedWith(ExitCode.EMPTY_WINDOW);
  }

  @Test
  void startAndStatusExplainThatTheyNeedAServer() {
    FloeCli.Run run = new FloeCli(dataDir).run("start").assertFailedWith(ExitCode.INVALID_INPUT);

    assertThat(run.stderr()).contains("--temporal HOST:PORT").contains("floe server");
  }

  @Test
  void startReturnsAtOnceAndStatusFollowsTheRunToItsResult() throws Exception {
    FloeCli floe = new FloeCli(dataDir);
    try (EmbeddedTemporalServer server = EmbeddedTemporalServer.startOnLoopback(0);
        TemporalConnection connection = TemporalConnection.connect(server.target(), "default");
        FloeCatalog catalog = FloeCatalog.open(dataDir);
        PipelineActivitiesImpl activities = new PipelineActivitiesImpl(catalog);
        PipelineWorker worker = PipelineWorker.start(connection, activities)) {
      String workflowId = floe.ok("start", "--temporal", server.target(), "--input", SMALL_RUN).json().get("workflow_id").asText();

      JsonNode status = floe.ok("status", workflowId, "--temporal", server.target()).json();
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (status.get("status").asText().equals("running") && System.nanoTime() < deadline) {
        assertThat(status.get("progress").get("steps")).hasSize(4);
        Thread.sleep(200);
        status = floe.ok("status", workflowId, "--temporal", server.target()).json();
      }

      assertThat(status.get("status").asText()).isEqualTo("completed");
      assertThat(status.get("result").get("model_version").asText()).startsWith("v");
      floe.run("status", "no-such-run", "--temporal", server.target()).assertFailedWith(ExitCode.NOT_FOUND);
    }
  }
}
