package dev.floe.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  @TempDir Path temp;

  @Test
  void theDemoExplainsItsInjectedAnomaly() {
    FloeCli cli = new FloeCli(temp.resolve("data"));
    JsonNode demo = cli.ok("demo", "--end-date", "2025-09-17").json();
    assertThat(demo.get("data_dir").asText()).isEqualTo(cli.dataDir().toString());
    assertThat(demo.get("workflow_id").asText()).startsWith("floe-pipeline-");
    assertThat(demo.get("pipeline").get("workflow_id").asText()).isEqualTo(demo.get("workflow_id").asText());
    JsonNode anomaly = demo.get("pipeline").get("anomalies").get(0);
    assertThat(anomaly.get("user_id").asLong()).isEqualTo(42);
    assertThat(anomaly.get("date").asText())
        .isEqualTo("2025-08-24"); // day 5 of 30 ending 2025-09-17

    JsonNode report = demo.get("report");
    assertThat(report.get("model_version").asText())
        .isEqualTo(demo.get("train").get("model_version").asText());
    assertThat(report.get("context").get("user_id").asLong()).isEqualTo(42);
    assertThat(report.get("context").get("as_of").asText()).isEqualTo("2025-08-24");
    assertThat(report.get("decision").get("is_anomaly").asBoolean()).isTrue();
    assertThat(demo.get("explore").toString())
        .contains("debug --model " + report.get("model_version").asText());

    // What the demo printed is what the debug command says about the same question.
    JsonNode debugged =
        cli.ok(
                "debug",
                "--model",
                report.get("model_version").asText(),
                "--user",
                "42",
                "--amount",
                demo.get("anomaly").get("amount").asText(),
                "--as-of",
                "2025-08-24")
            .json();
    assertThat(debugged).isEqualTo(report);
  }

  @Test
  void aSecondDemoRunsInAFreshSubdirectory() {
    FloeCli cli = new FloeCli(temp.resolve("data"));
    cli.ok("demo", "--users", "20", "--events", "1000");
    JsonNode second = cli.ok("demo", "--users", "20", "--events", "1000").json();
    Path secondDir = Path.of(second.get("data_dir").asText());
    assertThat(secondDir.getParent()).isEqualTo(cli.dataDir());
    assertThat(second.get("explore").get(0).asText()).contains("--data-dir");
    assertThat(new FloeCli(cli.dataDir()).ok("models").json().get("models")).hasSize(1);
  }
}
