package dev.floe.activities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.FloeTable;
import dev.floe.models.ModelRegistry;
import dev.floe.workflows.FeaturePipeline;
import dev.floe.workflows.PipelineInput;
import dev.floe.workflows.PipelineResult;
import io.temporal.client.WorkflowClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two runs at once on the same tables: Iceberg commit conflicts are retried, and nothing is lost. */
class PipelineConcurrencyTest {
  @Test
  void twoRunsStartedTogetherBothSucceedAndKeepEveryRow(@TempDir Path dataDir) {
    PipelineInput first = PipelineInputs.parse("{\"users\": 40, \"events\": 20000, \"days\": 30, \"end_date\": \"2025-09-17\", \"seed\": 1}");
    PipelineInput second = PipelineInputs.parse("{\"users\": 60, \"events\": 30000, \"days\": 30, \"end_date\": \"2025-09-17\", \"seed\": 2}");

    try (PipelineTestEnvironment pipeline = PipelineTestEnvironment.start(dataDir, activities -> activities, 4)) {
      FeaturePipeline a = pipeline.newPipeline("concurrent-a");
      FeaturePipeline b = pipeline.newPipeline("concurrent-b");
      WorkflowClient.start(a::run, first);
      WorkflowClient.start(b::run, second);
      PipelineResult resultA = pipeline.client().newUntypedWorkflowStub("concurrent-a").getResult(PipelineResult.class);
      PipelineResult resultB = pipeline.client().newUntypedWorkflowStub("concurrent-b").getResult(PipelineResult.class);

      assertThat(resultA.modelVersion()).isNotEqualTo(resultB.modelVersion());
      assertThat(new ModelRegistry(pipeline.catalog).list()).hasSize(2);
      // Every generated row is there once, with its own id.
      assertThat(pipeline.queryCurrent(FloeTable.RAW_EVENTS, "SELECT count(*), count(DISTINCT id) FROM {{table}}"))
          .containsExactly(50_000L, 50_000L);
      // The current features cover all of raw_events: one row per user and date, from each user's
      // first event date to the last date in the table.
      long expectedFeatureRows = (long) pipeline.queryCurrent(FloeTable.RAW_EVENTS,
          "SELECT sum(datediff('day', first_day, last_day) + 1)::BIGINT FROM (SELECT min(CAST(event_timestamp AS DATE)) AS first_day,"
              + " (SELECT max(CAST(event_timestamp AS DATE)) FROM {{table}}) AS last_day FROM {{table}} GROUP BY user_id)").get(0);
      assertThat(pipeline.queryCurrent(FloeTable.USER_FEATURES, "SELECT count(*), count(DISTINCT (user_id, dt)) FROM {{table}}"))
          .containsExactly(expectedFeatureRows, expectedFeatureRows);
      long currentRaw = pipeline.catalog.load(FloeTable.RAW_EVENTS).currentSnapshot().snapshotId();
      assertThat(List.of(resultA.rawSnapshotId(), resultB.rawSnapshotId())).contains(currentRaw);
    }
  }
}
