package dev.floe.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.floe.error.EmptyWindowException;
import dev.floe.web.WebConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code floe web} with its embedded worker: one /metrics scrape holds the freshness, Floe's runs
 * and steps as the worker recorded them, and the Temporal SDK's own metrics.
 */
class DashboardMetricsTest {
  private static final String COMPLETING_RUN =
      "{\"users\": 20, \"events\": 2000, \"days\": 20, \"end_date\": \"2025-09-17\", \"seed\": 3}";
  private static final String FAILING_RUN = "{\"users\": 10, \"events\": 1000, \"days\": 10, \"end_date\": \"2025-09-17\","
      + " \"window_start\": \"2020-01-01\", \"window_end\": \"2020-01-31\"}";

  @TempDir Path temp;

  @Test
  void metricsShowRunsStepsAndTheTemporalSdksOwnMetrics() throws Exception {
    WebConfig config = WebConfig.defaults(temp.resolve("data")).withToken(null).withPort(0);
    try (WebCommand.Dashboard dashboard = WebCommand.Dashboard.start(config, null)) {
      PipelineClient client = new PipelineClient(dashboard.connection());
      client.start(PipelineInputOptions.parse(COMPLETING_RUN), "metrics-completes");
      client.await("metrics-completes");
      client.start(PipelineInputOptions.parse(FAILING_RUN), "metrics-fails");
      assertThat(catchThrowable(() -> client.await("metrics-fails"))).isInstanceOf(EmptyWindowException.class);

      String scrape = MetricsScrape.awaitContaining(
          "http://127.0.0.1:" + dashboard.web().port() + "/metrics", "temporal_workflow_failed_total");
      assertThat(scrape)
          .contains("floe_pipeline_runs_total{outcome=\"completed\",workflow=\"FeaturePipeline\"} 1.0")
          .contains("floe_pipeline_runs_total{outcome=\"failed\",workflow=\"FeaturePipeline\"} 1.0")
          // Both runs featurized; the second failed in calibrate, once (invalid input is not retried).
          .contains("floe_pipeline_step_seconds_count{outcome=\"completed\",step=\"Featurize\"} 2")
          .contains("floe_pipeline_step_seconds_count{outcome=\"failed\",step=\"Calibrate\"} 1")
          .contains("floe_pipeline_step_seconds_count{outcome=\"completed\",step=\"Calibrate\"} 1")
          .contains("floe_table_last_commit_age_seconds{table=\"user_features\"}")
          .containsPattern("temporal_workflow_completed_total\\{[^}]*workflow_type=\"FeaturePipeline\"[^}]*} 1\\.0")
          .containsPattern("temporal_workflow_failed_total\\{[^}]*workflow_type=\"FeaturePipeline\"[^}]*} 1\\.0")
          .containsPattern("temporal_activity_execution_latency_seconds_count\\{[^}]*activity_type=\"Featurize\"");
    }
  }
}
