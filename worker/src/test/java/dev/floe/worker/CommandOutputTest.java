package dev.floe.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.FloeTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON each command prints: the keys scripts rely on, and values that match the tables. */
class CommandOutputTest {
  private static final Set<String> SEED_REPORT_KEYS =
      Set.of("model_version", "decision", "why", "context", "model_card");
  private static final Set<String> SEED_DECISION_KEYS =
      Set.of("is_anomaly", "z_score", "historical_mean", "historical_std", "threshold_used");
  private static final Set<String> SEED_CONTEXT_KEYS =
      Set.of(
          "as_of",
          "user_id",
          "as_of_feature_value",
          "last_n_feature_values",
          "last_n_feature_dates");
  private static final Set<String> SEED_MODEL_CARD_KEYS =
      Set.of(
          "trained_at",
          "feature_snapshot_id",
          "raw_events_snapshot_id",
          "feature_name",
          "decision_threshold",
          "training_window_start",
          "training_window_end",
          "quantile");

  @TempDir Path temp;

  @Test
  void eachCommittingCommandPrintsTableSnapshotAndRows() throws IOException {
    FloeCli cli = new FloeCli(temp.resolve("data"));
    Path anomalies = temp.resolve("one.json");
    Files.writeString(anomalies, "[{\"user_id\": 3, \"day\": 4, \"multiplier\": 10, \"n\": 1}]");
    List<String> generate = new ArrayList<>(List.of(FloeCli.generateSmall()));
    generate.addAll(List.of("--anomaly-file", anomalies.toString()));

    JsonNode generated = cli.ok(generate.toArray(String[]::new)).json();
    Map<FloeTable, Long> afterGenerate = cli.currentSnapshots();
    assertThat(generated.get("table").asText()).isEqualTo("raw_events");
    assertThat(generated.get("snapshot_id").asLong())
        .isEqualTo(afterGenerate.get(FloeTable.RAW_EVENTS));
    assertThat(generated.get("rows").asLong()).isEqualTo(4000);
    JsonNode anomaly = generated.get("anomalies").get(0);
    assertThat(anomaly.get("user_id").asLong()).isEqualTo(3);
    assertThat(anomaly.get("date").asText())
        .isEqualTo("2025-09-02"); // day 4 of the 20 days ending 2025-09-17

    JsonNode featurized = cli.ok("featurize").json();
    assertThat(featurized.get("table").asText()).isEqualTo("user_features");
    assertThat(featurized.get("snapshot_id").asLong())
        .isEqualTo(cli.currentSnapshots().get(FloeTable.USER_FEATURES));
    assertThat(featurized.get("raw_snapshot_id").asLong())
        .isEqualTo(generated.get("snapshot_id").asLong());
    assertThat(featurized.get("rows").asLong()).isPositive();
    JsonNode again = cli.ok("featurize").json();
    assertThat(again.get("committed").asBoolean()).isFalse();
    assertThat(again.get("snapshot_id").asLong()).isEqualTo(featurized.get("snapshot_id").asLong());

    JsonNode trained = cli.ok("train").json();
    assertThat(trained.get("table").asText()).isEqualTo("model_training_metadata");
    assertThat(trained.get("snapshot_id").asLong())
        .isEqualTo(cli.currentSnapshots().get(FloeTable.MODEL_TRAINING_METADATA));
    assertThat(trained.get("rows").asLong()).isEqualTo(1);
    assertThat(trained.get("model_version").asText()).matches("v\\d{14}");
    JsonNode card = trained.get("model_card");
    assertThat(fieldNames(card)).isEqualTo(new TreeSet<>(SEED_MODEL_CARD_KEYS));
    assertThat(card.get("feature_snapshot_id").asLong())
        .isEqualTo(featurized.get("snapshot_id").asLong());
    assertThat(card.get("raw_events_snapshot_id").asLong())
        .isEqualTo(generated.get("snapshot_id").asLong());
    assertThat(card.get("training_window_end").asText()).isEqualTo("2025-09-17");
    assertThat(card.get("training_window_start").asText()).isEqualTo("2025-08-19");
    assertThat(card.get("quantile").asDouble()).isEqualTo(0.995);
    assertThat(trained.get("lineage").get("training_rows").asLong()).isPositive();

    JsonNode models = cli.ok("models").json().get("models");
    assertThat(models).hasSize(1);
    assertThat(models.get(0).get("model_version")).isEqualTo(trained.get("model_version"));
    assertThat(models.get(0).get("model_card")).isEqualTo(card);
  }

  @Test
  void debugPrintsExactlyTheSeedsReportAndDetectItsDecision() {
    FloeCli cli = new FloeCli(temp.resolve("data"));
    String model = cli.trainedModel();
    JsonNode report =
        cli.ok(
                "debug",
                "--model",
                model,
                "--user",
                "5",
                "--amount",
                "400",
                "--as-of",
                "2025-09-10",
                "--last-n",
                "3")
            .json();
    assertThat(fieldNames(report)).isEqualTo(new TreeSet<>(SEED_REPORT_KEYS));
    assertThat(fieldNames(report.get("decision"))).isEqualTo(new TreeSet<>(SEED_DECISION_KEYS));
    assertThat(fieldNames(report.get("context"))).isEqualTo(new TreeSet<>(SEED_CONTEXT_KEYS));
    assertThat(fieldNames(report.get("model_card"))).isEqualTo(new TreeSet<>(SEED_MODEL_CARD_KEYS));
    assertThat(report.get("model_version").asText()).isEqualTo(model);
    JsonNode context = report.get("context");
    assertThat(context.get("as_of").asText()).isEqualTo("2025-09-10");
    assertThat(context.get("user_id").asLong()).isEqualTo(5);
    assertThat(context.get("last_n_feature_dates")).hasSize(3);
    assertThat(context.get("last_n_feature_dates").get(2).asText()).isEqualTo("2025-09-10");
    assertThat(context.get("last_n_feature_values")).hasSize(3);
    assertThat(report.get("decision").get("is_anomaly").isBoolean()).isTrue();

    JsonNode detection =
        cli.ok(
                "detect",
                "--model",
                model,
                "--user",
                "5",
                "--amount",
                "400",
                "--as-of",
                "2025-09-10")
            .json();
    assertThat(detection.get("model_version").asText()).isEqualTo(model);
    assertThat(detection.get("decision")).isEqualTo(report.get("decision"));
    assertThat(detection.get("why")).isEqualTo(report.get("why"));
  }

  @Test
  void prettyPrintsASummaryForAPerson() {
    FloeCli cli = new FloeCli(temp.resolve("data"));
    String model = cli.trainedModel();
    String models = cli.ok("models", "--pretty").stdout();
    assertThat(models).contains(model).doesNotContain("{");
    String debug =
        cli.ok("--pretty", "debug", "--model", model, "--user", "5", "--amount", "400").stdout();
    assertThat(debug)
        .contains(model)
        .containsAnyOf("ANOMALY", "normal")
        .doesNotContain("\"z_score\"");
  }

  @Test
  void exportsWriteTheFileAndSayWhatTheyWrote() throws IOException {
    FloeCli cli = new FloeCli(temp.resolve("data"));
    String model = cli.trainedModel();
    Path features = temp.resolve("features.csv");
    cli.ok("export-features", "--out", features.toString());
    assertThat(Files.readAllLines(features).get(0)).isEqualTo("user_id,dt,spending_mean_7d");
    Path training = temp.resolve("training.parquet");
    cli.ok("training-data", model, "--out", training.toString());
    assertThat(training).isNotEmptyFile();
  }

  @Test
  void snapshotsListsEveryCommitWithItsStep() {
    FloeCli cli = new FloeCli(temp.resolve("data"));
    cli.trainedModel();
    String history = cli.ok("snapshots", "user_features").stdout();
    assertThat(history)
        .contains(String.valueOf(cli.currentSnapshots().get(FloeTable.USER_FEATURES)))
        .contains("featurize");
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
