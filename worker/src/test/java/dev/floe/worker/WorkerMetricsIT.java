package dev.floe.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.workflows.FloeJson;
import dev.floe.workflows.PipelineInput;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code floe worker --metrics-port 0}, a separate process, serves its runs, steps and SDK metrics. */
class WorkerMetricsIT {
  private static final String INPUT =
      "{\"users\": 20, \"events\": 2000, \"days\": 20, \"end_date\": \"2025-09-17\", \"seed\": 3}";

  @TempDir Path dataDir;
  @TempDir Path logs;

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void aWorkerServesPrometheusMetricsOfTheRunsItRan() throws Exception {
    try (FloeProcess server = FloeProcess.start(logs, "server", "server", "--port", "0")) {
      String target = server.awaitJson(60, TimeUnit.SECONDS).get("temporal").asText();
      try (FloeProcess worker = FloeProcess.start(logs, "worker", "--data-dir", dataDir.toString(),
              "worker", "--temporal", target, "--metrics-port", "0");
          TemporalConnection connection = TemporalConnection.connect(target, "default")) {
        String metricsUrl = worker.awaitJson(60, TimeUnit.SECONDS).get("metrics_url").asText();
        assertThat(metricsUrl).startsWith("http://127.0.0.1:").endsWith("/metrics");

        PipelineClient client = new PipelineClient(connection);
        client.start(FloeJson.mapper().readValue(INPUT, PipelineInput.class), "worker-metrics");
        client.await("worker-metrics");

        String scrape = MetricsScrape.awaitContaining(metricsUrl, "temporal_workflow_completed_total");
        assertThat(scrape)
            .contains("floe_pipeline_runs_total{outcome=\"completed\",workflow=\"FeaturePipeline\"} 1.0")
            .contains("floe_pipeline_step_seconds_count{outcome=\"completed\",step=\"Generate\"} 1")
            .contains("floe_table_last_commit_age_seconds{table=\"model_training_metadata\"}")
            .containsPattern("temporal_workflow_completed_total\\{[^}]*workflow_type=\"FeaturePipeline\"[^}]*} 1\\.0");
      }
    }
  }
}
