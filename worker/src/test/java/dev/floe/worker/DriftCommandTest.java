package dev.floe.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code floe drift}, end to end in-process on a real store. */
class DriftCommandTest {
  private static final String SHIPPED = Path.of("..", "features").toString();

  @TempDir Path temp;

  private FloeCli cli;
  private String model;

  @BeforeEach
  void trainAModel() {
    cli = new FloeCli(temp.resolve("data"));
    model = cli.trainedModel();
  }

  @Test
  void theModelsOwnDataHasNoDrift() {
    JsonNode report = cli.ok("drift", "--model", model).json();

    assertThat(report.get("model_version").asText()).isEqualTo(model);
    assertThat(report.get("drifted").asBoolean()).isFalse();
    JsonNode features = report.get("features");
    assertThat(features).hasSize(1);
    JsonNode feature = features.get(0);
    assertThat(feature.get("name").asText()).isEqualTo("spending_mean_7d");
    assertThat(feature.get("psi").asDouble()).isZero();
    assertThat(feature.get("ks_statistic").asDouble()).isZero();
    assertThat(feature.get("ks_p_value").asDouble()).isEqualTo(1.0);
    assertThat(feature.get("current_rows")).isEqualTo(feature.get("reference_rows"));
    assertThat(feature.get("drifted").asBoolean()).isFalse();
    assertThat(feature.get("reference_proportions")).isEqualTo(feature.get("current_proportions"));
    assertThat(feature.get("bin_edges").size() + 1).isEqualTo(feature.get("reference_proportions").size());

    String pretty = cli.ok("drift", "--model", model, "--pretty").stdout();
    assertThat(pretty).contains("No drift").contains("spending_mean_7d").contains(model);
  }

  @Test
  void aLaterWindowGeneratedWithAnomaliesForEveryUserDriftsAndExitsZero() throws IOException {
    long trainedOn = cli.ok("models").json().get("models").get(0).get("model_card")
        .get("feature_snapshot_id").asLong();
    // Every user's spending multiplied by 4 on every day of the 20 days after the training data.
    Path anomalies = temp.resolve("everyone.jsonl");
    List<String> specs = new ArrayList<>();
    IntStream.range(0, 40).forEach(user -> IntStream.range(0, 20).forEach(day -> specs.add(
        "{\"user_id\": " + user + ", \"day\": " + day + ", \"multiplier\": 4, \"proportion\": 1.0}")));
    Files.write(anomalies, specs);
    cli.ok("generate", "--users", "40", "--events", "4000", "--days", "20", "--end-date", "2025-10-07",
        "--seed", "8", "--anomaly-file", anomalies.toString());
    cli.ok("featurize");

    FloeCli.Run run = cli.ok("drift", "--model", model);
    JsonNode report = run.json();
    // As many dates as the model's default 30-date window, ending at the newest: 10 old, 20 new.
    assertThat(report.get("current_window_start").asText()).isEqualTo("2025-09-08");
    assertThat(report.get("current_window_end").asText()).isEqualTo("2025-10-07");
    assertThat(report.get("drifted").asBoolean()).isTrue();
    JsonNode feature = report.get("features").get(0);
    assertThat(feature.get("psi").asDouble()).isGreaterThan(0.2);
    assertThat(feature.get("ks_statistic").asDouble()).isGreaterThan(0.1);
    assertThat(feature.get("drifted").asBoolean()).isTrue();
    assertThat(cli.ok("drift", "--model", model, "--pretty").stdout()).contains("DRIFTED");

    // The snapshot the model was trained on, named: no drift.
    JsonNode then = cli.ok("drift", "--model", model, "--snapshot", Long.toString(trainedOn)).json();
    assertThat(then.get("drifted").asBoolean()).isFalse();
    assertThat(then.get("current_snapshot_id").asLong()).isEqualTo(trainedOn);
    // Thresholds past both measures: the same data does not count as drifted.
    JsonNode lenient = cli.ok("drift", "--model", model, "--psi-threshold", "1000", "--ks-threshold", "1").json();
    assertThat(lenient.get("drifted").asBoolean()).isFalse();
    assertThat(lenient.get("features").get(0).get("psi")).isEqualTo(feature.get("psi"));
  }

  @Test
  void aModelOnSeveralFeaturesGetsOneEntryPerFeature() {
    cli.ok("features", "apply", SHIPPED);
    cli.ok("featurize");
    String several = cli.ok("train", "--features", "distinct_vendors_7d,spending_sum_30d,spending_mean_7d")
        .json().get("model_version").asText();

    JsonNode features = cli.ok("drift", "--model", several).json().get("features");

    assertThat(features).hasSize(3);
    assertThat(features.get(0).get("name").asText()).isEqualTo("distinct_vendors_7d");
    assertThat(features.get(1).get("name").asText()).isEqualTo("spending_sum_30d");
    assertThat(features.get(2).get("name").asText()).isEqualTo("spending_mean_7d");
    features.forEach(feature -> {
      assertThat(feature.get("psi").asDouble()).isZero();
      assertThat(feature.get("reference_rows").asLong()).isPositive();
    });
    // A count feature's deciles tie: fewer, merged bins.
    assertThat(features.get(0).get("bin_edges").size()).isLessThanOrEqualTo(9);
  }

  @Test
  void badRequestsAreOneLineWithTheirExitCodeAndChangeNothing() {
    var before = cli.currentSnapshots();

    assertThat(cli.run("drift", "--model", "v19990101000000").assertFailedWith(ExitCode.NOT_FOUND).stderr())
        .contains("v19990101000000");
    assertThat(cli.run("drift", "--model", model, "--snapshot", "42").assertFailedWith(ExitCode.NOT_FOUND)
        .stderr()).contains("floe: Snapshot 42 does not exist in table user_features");
    assertThat(cli.run("drift", "--model", model, "--psi-threshold", "-1")
        .assertFailedWith(ExitCode.INVALID_INPUT).stderr()).contains("Invalid PSI threshold -1.0");
    assertThat(cli.run("drift", "--model", model, "--ks-threshold", "1.5")
        .assertFailedWith(ExitCode.INVALID_INPUT).stderr()).contains("Invalid KS threshold 1.5");
    cli.run("drift", "--model", model, "--ks-threshold", "lots").assertFailedWith(ExitCode.USAGE);
    cli.run("drift").assertFailedWith(ExitCode.USAGE);

    assertThat(cli.currentSnapshots()).isEqualTo(before);
  }
}
