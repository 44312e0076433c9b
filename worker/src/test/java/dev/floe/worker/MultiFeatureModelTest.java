package dev.floe.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.TableCommits;
import dev.floe.catalog.FloeTable;
import dev.floe.engine.DuckDb;
import dev.floe.engine.ParquetTableWriter;
import dev.floe.engine.SnapshotFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code floe train --features}: models on several features, end to end in-process. */
class MultiFeatureModelTest {
  /** The repository's shipped definitions. */
  private static final String SHIPPED = Path.of("..", "features").toString();

  private static final String TWO_FEATURES = "spending_mean_7d,distinct_vendors_7d";
  private static final String AS_OF = "2025-09-17";

  @TempDir Path temp;

  private FloeCli cli;
  private FloeCli.Run firstTrain;

  @BeforeEach
  void trainASingleFeatureModel() {
    cli = new FloeCli(temp.resolve("data"));
    cli.ok(FloeCli.generateSmall());
    cli.ok("featurize");
    firstTrain = cli.ok("train");
  }

  @Test
  void aModelOnTwoFeaturesCalibratesEachAndRecordsItsDefinitionVersion() throws SQLException {
    cli.ok("features", "apply", SHIPPED);
    cli.ok("featurize");
    JsonNode single = cli.ok("train").json();

    JsonNode trained = cli.ok("train", "--features", TWO_FEATURES).json();

    JsonNode features = trained.get("features");
    assertThat(features).hasSize(2);
    JsonNode spending = features.get(0);
    JsonNode vendors = features.get(1);
    assertThat(spending.get("feature_name").asText()).isEqualTo("spending_mean_7d");
    assertThat(vendors.get("feature_name").asText()).isEqualTo("distinct_vendors_7d");
    assertThat(vendors.get("definition_version").asInt()).isEqualTo(1);
    // The first feature is calibrated exactly as a single-feature model on the same snapshot.
    JsonNode singleLineage = single.get("lineage");
    assertThat(spending.get("feature_mean").asDouble())
        .isEqualTo(singleLineage.get("feature_mean").asDouble());
    assertThat(spending.get("feature_std").asDouble())
        .isEqualTo(singleLineage.get("feature_std").asDouble());
    assertThat(spending.get("threshold").asDouble())
        .isEqualTo(single.get("model_card").get("decision_threshold").asDouble());
    // The second by the same statement on its own column: its mean is the column's mean.
    JsonNode card = trained.get("model_card");
    double[] moments =
        moments(
            "distinct_vendors_7d",
            card.get("feature_snapshot_id").asLong(),
            LocalDate.parse(card.get("training_window_start").asText()),
            LocalDate.parse(card.get("training_window_end").asText()));
    assertThat(vendors.get("feature_mean").asDouble()).isCloseTo(moments[0], within(1e-9));
    assertThat(vendors.get("feature_std").asDouble()).isCloseTo(moments[1], within(1e-9));
    assertThat(vendors.get("threshold").asDouble()).isPositive();
    assertThat(vendors.get("threshold").asDouble())
        .isNotEqualTo(spending.get("threshold").asDouble());
    assertThat(card.get("feature_name").asText()).isEqualTo(TWO_FEATURES);

    JsonNode models = cli.ok("models").json().get("models");
    assertThat(models).hasSize(3);
    assertThat(models.get(2).get("features")).isEqualTo(features);
    assertThat(models.get(0).has("features")).isFalse();
    assertThat(modelTableColumns()).endsWith("floe_version", "features");
  }

  @Test
  void aPipelineRunWithFeaturesRegistersTheModelTrainWouldOnThem() {
    cli.ok("features", "apply", SHIPPED);
    cli.ok("featurize");
    JsonNode trained = cli.ok("train", "--features", TWO_FEATURES).json();

    JsonNode run =
        cli.ok(
                "run",
                "--no-progress",
                "--input",
                "{\"source\": \"existing\", \"features\": [\"spending_mean_7d\", \"distinct_vendors_7d\"]}")
            .json();

    JsonNode models = cli.ok("models").json().get("models");
    JsonNode registered = models.get(models.size() - 1);
    assertThat(registered.get("model_version").asText()).isEqualTo(run.get("model_version").asText());
    assertThat(registered.get("features")).isEqualTo(trained.get("features"));
    assertThat(registered.get("model_card").get("feature_name").asText()).isEqualTo(TWO_FEATURES);
    refused(
        ExitCode.INVALID_INPUT,
        "run",
        "--input",
        "{\"source\": \"existing\", \"features\": [\"spending_mean_7d\"], \"feature_name\": \"x\"}");
  }

  @Test
  void aSingleFeatureModelPrintsAndListsExactlyAsBefore() {
    FloeCli.Run named = cli.ok("train", "--features", "spending_mean_7d");
    JsonNode listedBefore = cli.ok("models").json().get("models");

    assertThat(withoutVersion(named)).isEqualTo(withoutVersion(firstTrain));
    assertThat(modelTableColumns()).doesNotContain("features");

    // After a model on several features evolved the table, older models list exactly as before
    // and a new single-feature model is written and printed as it always was.
    cli.ok("features", "apply", SHIPPED);
    cli.ok("featurize");
    cli.ok("train", "--features", TWO_FEATURES);
    JsonNode listedAfter = cli.ok("models").json().get("models");
    assertThat(listedAfter).hasSize(3);
    assertThat(listedAfter.get(0)).isEqualTo(listedBefore.get(0));
    assertThat(listedAfter.get(1)).isEqualTo(listedBefore.get(1));
    JsonNode later = cli.ok("train").json();
    assertThat(fieldNames(later)).isEqualTo(fieldNames(firstTrain.json()));
    assertThat(fieldNames(later.get("model_card")))
        .isEqualTo(fieldNames(firstTrain.json().get("model_card")));
    assertThat(later.get("model_card").get("decision_threshold"))
        .isEqualTo(firstTrain.json().get("model_card").get("decision_threshold"));
  }

  @Test
  void anUnknownOrUncomputedFeatureIsRefusedAndNothingChanges() {
    assertThat(
            refused(ExitCode.INVALID_INPUT, "train", "--features", "spending_mean_7d,no_such")
                .stderr())
        .contains("'no_such'")
        .contains("features apply");

    cli.ok("features", "apply", SHIPPED);
    assertThat(
            refused(ExitCode.INVALID_INPUT, "train", "--features", "spending_mean_7d,no_such")
                .stderr())
        .contains("'no_such'")
        .contains("distinct_vendors_7d");
    // Applied, but the current snapshot was built before: featurize has not computed it yet.
    assertThat(refused(ExitCode.INVALID_INPUT, "train", "--features", TWO_FEATURES).stderr())
        .contains("'distinct_vendors_7d'")
        .contains("floe featurize");
    refused(ExitCode.INVALID_INPUT, "train", "--features", "spending_mean_7d,spending_mean_7d");
    refused(
        ExitCode.INVALID_INPUT,
        "train",
        "--features",
        "spending_mean_7d",
        "--feature-name",
        "spending_mean_7d");
    assertThat(modelTableColumns()).doesNotContain("features");
    assertThat(cli.ok("models").json().get("models")).hasSize(1);
  }

  @Test
  void aTwoFeatureModelFlagsAUserWhoseSecondFeatureIsExtremeAndSaysWhich() throws SQLException {
    cli.ok("features", "apply", SHIPPED);
    cli.ok("featurize");
    JsonNode trained = cli.ok("train", "--features", TWO_FEATURES, "--quantile", "0.5").json();
    String model = trained.get("model_version").asText();
    JsonNode vendors = trained.get("features").get(1);
    double vendorsMean = vendors.get("feature_mean").asDouble();
    Map<Long, Double> newest =
        valuesOn(
            "distinct_vendors_7d",
            trained.get("model_card").get("feature_snapshot_id").asLong(),
            LocalDate.parse(AS_OF));
    long extreme = userFarthestFrom(newest, vendorsMean, 1);
    long ordinary = userFarthestFrom(newest, vendorsMean, -1);

    // An amount at the user's own spending mean: only the second feature can flag the extreme user.
    JsonNode report = debugAtOwnMean(model, extreme);
    assertThat(report.get("decision").get("is_anomaly").asBoolean()).isTrue();
    JsonNode scores = report.get("features");
    assertThat(scores).hasSize(2);
    assertThat(scores.get(0).get("name").asText()).isEqualTo("spending_mean_7d");
    assertThat(scores.get(0).get("exceeded").asBoolean()).isFalse();
    assertThat(scores.get(1).get("name").asText()).isEqualTo("distinct_vendors_7d");
    assertThat(scores.get(1).get("exceeded").asBoolean()).isTrue();
    assertThat(scores.get(1).get("value").asDouble()).isEqualTo(newest.get(extreme));
    assertThat(scores.get(1).get("z_score").asDouble())
        .isCloseTo(
            (newest.get(extreme) - vendorsMean) / vendors.get("feature_std").asDouble(),
            within(1e-3));
    assertThat(scores.get(1).get("threshold").asDouble())
        .isEqualTo(vendors.get("threshold").asDouble());
    assertThat(report.get("why").asText())
        .startsWith("distinct_vendors_7d: |z-score| ")
        .doesNotContain("spending_mean_7d");
    // The seed's keys are all still there.
    assertThat(fieldNames(report))
        .containsExactly("model_version", "decision", "why", "context", "model_card", "features");

    JsonNode calm = debugAtOwnMean(model, ordinary);
    assertThat(calm.get("decision").get("is_anomaly").asBoolean()).isFalse();
    assertThat(calm.get("why").asText()).contains("spending_mean_7d: ").contains("distinct_vendors_7d: ");

    JsonNode detected =
        cli.ok("detect", "--model", model, "--user", Long.toString(extreme), "--amount", "1",
                "--as-of", AS_OF)
            .json();
    assertThat(detected.get("decision").get("is_anomaly").asBoolean()).isTrue();
    assertThat(detected.get("why").asText()).contains("distinct_vendors_7d");
  }

  @Test
  void aModelOnTwoFeaturesIsReproducedColumnByColumnAndATamperedOneIsNot() throws SQLException {
    cli.ok("features", "apply", SHIPPED);
    cli.ok("featurize");
    String model = cli.ok("train", "--features", TWO_FEATURES).json().get("model_version").asText();

    JsonNode verdict = cli.ok("reproduce", model).json();

    assertThat(verdict.get("reproduced").asBoolean()).isTrue();
    assertThat(verdict.get("verdict").asText()).startsWith("REPRODUCED: model " + model);
    JsonNode features = verdict.get("features");
    assertThat(features).hasSize(2);
    for (JsonNode feature : features) {
      assertThat(feature.get("reproduced").asBoolean()).isTrue();
      assertThat(feature.get("recomputed_fingerprint")).isEqualTo(feature.get("recorded_fingerprint"));
      assertThat(feature.get("recomputed_threshold")).isEqualTo(feature.get("recorded_threshold"));
      assertThat(feature.get("recomputed_mean")).isEqualTo(feature.get("recorded_mean"));
      assertThat(feature.get("recomputed_std")).isEqualTo(feature.get("recorded_std"));
    }
    assertThat(features.get(0).get("recorded_fingerprint"))
        .isNotEqualTo(features.get(1).get("recorded_fingerprint"));
    assertThat(cli.ok("--pretty", "reproduce", model).stdout())
        .startsWith("REPRODUCED: model " + model)
        .contains("distinct_vendors_7d");

    // One distinct_vendors_7d value its raw events cannot give, committed as featurize commits.
    try (FloeCatalog catalog = FloeCatalog.open(cli.dataDir());
        Connection duck = DuckDb.open()) {
      Table table = catalog.load(FloeTable.USER_FEATURES);
      String raw = table.currentSnapshot().summary().get(CommitLineage.RAW_SNAPSHOT_ID);
      String dt = LocalDate.parse(AS_OF).toString();
      String sql =
          "SELECT user_id, dt, spending_mean_7d, distinct_vendors_7d + 1 AS distinct_vendors_7d,"
              + " dt AS __partition FROM "
              + SnapshotFiles.of(table, table.currentSnapshot().snapshotId()).relation()
              + " WHERE dt = DATE '" + dt + "'";
      List<DataFile> files =
          ParquetTableWriter.write(
              duck,
              table,
              table.schema().select("user_id", "dt", "spending_mean_7d", "distinct_vendors_7d"),
              sql);
      TableCommits.replacePartitions(
          table,
          files,
          table.currentSnapshot().snapshotId(),
          CommitLineage.direct("featurize"),
          Map.of(CommitLineage.RAW_SNAPSHOT_ID, raw, CommitLineage.ROWS, "0"));
    }
    String tampered =
        cli.ok("train", "--features", TWO_FEATURES).json().get("model_version").asText();

    FloeCli.Run run = cli.run("reproduce", tampered);

    assertThat(run.exitCode()).isEqualTo(ExitCode.NOT_REPRODUCED.code());
    JsonNode notReproduced = run.json();
    assertThat(notReproduced.get("reproduced").asBoolean()).isFalse();
    assertThat(notReproduced.get("features").get(0).get("reproduced").asBoolean()).isTrue();
    assertThat(notReproduced.get("features").get(1).get("reproduced").asBoolean()).isFalse();
    assertThat(run.stderr().lines().toList())
        .singleElement()
        .asString()
        .startsWith(
            "floe: NOT REPRODUCED: model "
                + tampered
                + ": recomputed distinct_vendors_7d differs from feature snapshot");
  }

  private JsonNode debugAtOwnMean(String model, long user) {
    String[] debug = {"debug", "--model", model, "--user", Long.toString(user), "--as-of", AS_OF,
        "--amount", "1"};
    String mean =
        cli.ok(debug).json().get("decision").get("historical_mean").decimalValue().toPlainString();
    debug[debug.length - 1] = mean;
    return cli.ok(debug).json();
  }

  /** The user whose value is farthest from {@code mean} (direction 1) or nearest (-1). */
  private static long userFarthestFrom(Map<Long, Double> values, double mean, int direction) {
    return values.entrySet().stream()
        .max(
            (a, b) ->
                direction
                    * Double.compare(
                        Math.abs(a.getValue() - mean), Math.abs(b.getValue() - mean)))
        .orElseThrow()
        .getKey();
  }

  /** Each user's value of a column on one date, read independently of Floe's detection. */
  private Map<Long, Double> valuesOn(String column, long snapshotId, LocalDate dt)
      throws SQLException {
    try (FloeCatalog catalog = FloeCatalog.open(cli.dataDir());
        Connection duck = DuckDb.open()) {
      String relation =
          SnapshotFiles.of(catalog.load(FloeTable.USER_FEATURES), snapshotId).relation();
      try (PreparedStatement statement =
          duck.prepareStatement(
              "SELECT user_id, " + column + " FROM " + relation + " WHERE dt = ?")) {
        statement.setObject(1, dt);
        Map<Long, Double> values = new java.util.TreeMap<>();
        try (ResultSet row = statement.executeQuery()) {
          while (row.next()) {
            values.put(row.getLong(1), row.getDouble(2));
          }
        }
        return values;
      }
    }
  }

  private FloeCli.Run refused(ExitCode code, String... args) {
    Map<FloeTable, Long> before = cli.currentSnapshots();
    FloeCli.Run run = cli.run(args).assertFailedWith(code);
    assertThat(cli.currentSnapshots()).as("tables after %s", run.args()).isEqualTo(before);
    return run;
  }

  /** The output with what differs between two registrations (version, time, commit) blanked. */
  private static String withoutVersion(FloeCli.Run run) {
    JsonNode json = run.json();
    return run.stdout()
        .replace(json.get("lineage").get("run_id").asText(), "RUN")
        .replace(json.get("model_version").asText(), "VERSION")
        .replace(json.get("model_card").get("trained_at").asText(), "TRAINED_AT")
        .replace(json.get("snapshot_id").asText(), "SNAPSHOT");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private List<String> modelTableColumns() {
    try (FloeCatalog catalog = FloeCatalog.open(cli.dataDir())) {
      return catalog.load(FloeTable.MODEL_TRAINING_METADATA).schema().columns().stream()
          .map(column -> column.name())
          .toList();
    }
  }

  /** Mean and population standard deviation of a column over a window, computed independently. */
  private double[] moments(String column, long snapshotId, LocalDate start, LocalDate end)
      throws SQLException {
    try (FloeCatalog catalog = FloeCatalog.open(cli.dataDir());
        Connection duck = DuckDb.open()) {
      Table features = catalog.load(FloeTable.USER_FEATURES);
      String relation = SnapshotFiles.of(features, snapshotId).relation();
      try (PreparedStatement statement =
          duck.prepareStatement(
              "SELECT avg(" + column + "), stddev_pop(" + column + ") FROM " + relation
                  + " WHERE dt BETWEEN ? AND ?")) {
        statement.setObject(1, start);
        statement.setObject(2, end);
        try (ResultSet row = statement.executeQuery()) {
          row.next();
          return new double[] {row.getDouble(1), row.getDouble(2)};
        }
      }
    }
  }
}
