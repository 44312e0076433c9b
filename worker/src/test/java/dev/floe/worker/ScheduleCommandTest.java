package dev.floe.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.activities.PipelineActivitiesImpl;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.workflows.FeaturePipeline;
import dev.floe.workflows.FloeJson;
import dev.floe.workflows.PipelineInput;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduleCommandTest {
  private static final String SMALL_RUN =
      "{\"users\": 20, \"events\": 2000, \"days\": 20, \"end_date\": \"2025-09-17\", \"seed\": 3}";

  @TempDir Path dataDir;

  @Test
  void onTheEmbeddedServerTheFallbackSaysWhatItIsAndStartsARunEveryInterval() throws Exception {
    FloeCli.Run run = new FloeCli(dataDir).run("schedule", "--every", "1s", "--runs", "2", "--input", SMALL_RUN);

    assertThat(run.exitCode()).as("exit code; stderr: %s", run.stderr()).isZero();
    assertThat(run.stderr().lines().toList()).singleElement().asString()
        .contains("embedded Temporal server").contains("without Schedules").contains("in-process fallback")
        .contains("every 1s")
        .doesNotContain("UNIMPLEMENTED");
    List<JsonNode> runs = run.stdout().lines().map(ScheduleCommandTest::json).toList();
    assertThat(runs).hasSize(2);
    assertThat(runs).extracting(node -> node.get("run").asInt()).containsExactly(1, 2);
    assertThat(runs).allSatisfy(node -> assertThat(node.get("model_version").asText()).startsWith("v"));
    assertThat(runs.get(0).get("workflow_id").asText()).isNotEqualTo(runs.get(1).get("workflow_id").asText());
    Duration between = Duration.between(
        Instant.parse(runs.get(0).get("started_at").asText()), Instant.parse(runs.get(1).get("started_at").asText()));
    assertThat(between).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    try (FloeCatalog catalog = FloeCatalog.open(dataDir)) {
      // Each run generated and appended its events: two raw_events commits.
      assertThat(catalog.load(FloeTable.RAW_EVENTS).snapshots()).hasSize(2);
    }
  }

  @Test
  void againstAFloeServerTheFallbackRunsOnItsWorker() throws Exception {
    FloeCli floe = new FloeCli(dataDir);
    try (EmbeddedTemporalServer server = EmbeddedTemporalServer.startOnLoopback(0);
        TemporalConnection connection = TemporalConnection.connect(server.target(), "default");
        FloeCatalog catalog = FloeCatalog.open(dataDir);
        PipelineActivitiesImpl activities = new PipelineActivitiesImpl(catalog);
        PipelineWorker worker = PipelineWorker.start(connection, activities)) {
      FloeCli.Run run = floe.run("schedule", "--every", "1s", "--runs", "2", "--temporal", server.target(), "--input", SMALL_RUN);

      assertThat(run.exitCode()).as("stderr: %s", run.stderr()).isZero();
      assertThat(run.stderr()).contains(server.target()).contains("in-process fallback").doesNotContain("UNIMPLEMENTED");
      assertThat(run.stdout().lines()).hasSize(2);

      floe.run("schedule", "--delete", "--temporal", server.target()).assertFailedWith(ExitCode.INVALID_INPUT);
    }
  }

  @Test
  void aMalformedDurationIsAUsageErrorNamingTheOption() {
    FloeCli floe = new FloeCli(dataDir);

    FloeCli.Run malformed = floe.run("schedule", "--every", "every-minute").assertFailedWith(ExitCode.USAGE);
    assertThat(malformed.stderr()).contains("--every").contains("every-minute").contains("not a duration");
    floe.run("schedule", "--every", "0s").assertFailedWith(ExitCode.USAGE);
    assertThat(floe.run("schedule").assertFailedWith(ExitCode.USAGE).stderr()).contains("--every");
    floe.run("schedule", "--every", "1s", "--runs", "0").assertFailedWith(ExitCode.USAGE);
  }

  @Test
  void theScheduleStartsThePipelineOnItsTaskQueueWithTheInputAtTheInterval() {
    PipelineInput input = PipelineInputOptions.parse(SMALL_RUN);

    Schedule schedule = ScheduleCommand.schedule(input, Duration.ofMinutes(15));

    assertThat(schedule.getSpec().getIntervals()).containsExactly(new ScheduleIntervalSpec(Duration.ofMinutes(15)));
    ScheduleActionStartWorkflow action = (ScheduleActionStartWorkflow) schedule.getAction();
    assertThat(action.getWorkflowType()).isEqualTo(FeaturePipeline.WORKFLOW_TYPE);
    assertThat(action.getOptions().getTaskQueue()).isEqualTo(FeaturePipeline.TASK_QUEUE);
    assertThat(action.getArguments().get(0, PipelineInput.class)).isEqualTo(input);
  }

  @Test
  void intervalsReadAsTheyAreWritten() {
    assertThat(ScheduleCommand.humane(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(ScheduleCommand.humane(Duration.ofDays(1))).isEqualTo("24h");
  }

  private static JsonNode json(String line) {
    try {
      return FloeJson.mapper().readTree(line);
    } catch (Exception e) {
      throw new AssertionError("not a JSON line: " + line, e);
    }
  }
}
