package dev.floe.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.FloeTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --features} on {@code floe training-set}, {@code features-as-of} and {@code export-features}:
 * the named applied features come out, a model's own features with {@code --model}, and a feature
 * that is not applied or not computed is one line and exit 3 with nothing written.
 */
class FeatureSelectionCommandsTest {
  private static final String SHIPPED = Path.of("..", "features").toString();
  private static final String TWO = "distinct_vendors_7d,spending_sum_30d";

  @TempDir Path temp;

  private FloeCli cli;
  private Path labels;

  @BeforeEach
  void featurizeTheShippedFeatures() throws Exception {
    cli = new FloeCli(temp.resolve("data"));
    cli.ok(FloeCli.generateSmall());
    cli.ok("features", "apply", SHIPPED);
    cli.ok("featurize");
    labels = temp.resolve("labels.csv");
    Files.writeString(
        labels,
        "user_id,label,as_of_ts\n"
            + "5,1,2025-09-10T12:00:00Z\n"
            + "999999,0,2025-09-10T12:00:00Z\n"
            + "3,0,1999-01-01T00:00:00Z\n");
  }

  @Test
  void aTrainingSetHasTheNamedFeaturesInTheOrderAsked() throws Exception {
    Path out = temp.resolve("set.csv");
    JsonNode summary =
        cli.ok("training-set", "--labels", labels.toString(), "--known-at", "2999-01-01", "--features", TWO,
                "--out", out.toString())
            .json();

    assertThat(summary.get("rows_with_features").asLong()).isEqualTo(1);
    List<String> lines = Files.readAllLines(out);
    assertThat(lines.get(0)).isEqualTo("user_id,label,as_of_ts,feature_dt,distinct_vendors_7d,spending_sum_30d");
    assertThat(lines.get(1)).startsWith("5,1,").contains(",2025-09-09,");
    assertThat(lines.get(2)).endsWith(",,,");

    Path viaWorkflow = temp.resolve("workflow.csv");
    cli.ok("training-set", "--labels", labels.toString(), "--known-at", "2999-01-01", "--features", TWO,
        "--out", viaWorkflow.toString(), "--workflow");
    assertThat(Files.readString(viaWorkflow)).isEqualTo(Files.readString(out));
  }

  @Test
  void aModelsFeaturesAreTheDefaultWithModel() throws Exception {
    String model =
        cli.ok("train", "--features", "spending_mean_7d,distinct_vendors_7d").json().get("model_version").asText();
    Path out = temp.resolve("set.csv");
    cli.ok("training-set", "--labels", labels.toString(), "--model", model, "--out", out.toString());
    assertThat(Files.readAllLines(out).get(0))
        .isEqualTo("user_id,label,as_of_ts,feature_dt,spending_mean_7d,distinct_vendors_7d");

    JsonNode asOf = cli.ok("features-as-of", "--at", "2025-09-10T12:00:00Z", "--model", model).json();
    JsonNode first = asOf.get("features").get(0);
    assertThat(first.has("spending_mean_7d")).isTrue();
    assertThat(first.get("features").has("distinct_vendors_7d")).isTrue();
  }

  @Test
  void featuresAsOfKeepsItsKeysAndAddsAFeaturesObject() throws Exception {
    JsonNode plain = cli.ok("features-as-of", "--at", "2025-09-10T12:00:00Z").json().get("features").get(0);
    assertThat(plain.has("features")).isFalse();

    JsonNode selected =
        cli.ok("features-as-of", "--at", "2025-09-10T12:00:00Z", "--features", TWO).json().get("features").get(0);
    assertThat(selected.get("spending_mean_7d")).isEqualTo(plain.get("spending_mean_7d"));
    assertThat(selected.get("dt")).isEqualTo(plain.get("dt"));
    assertThat(selected.get("features").fieldNames()).toIterable().containsExactly("distinct_vendors_7d", "spending_sum_30d");
    assertThat(selected.get("features").get("distinct_vendors_7d").isIntegralNumber()).isTrue();

    Path out = temp.resolve("as-of.csv");
    cli.ok("features-as-of", "--at", "2025-09-10T12:00:00Z", "--features", TWO, "--out", out.toString());
    assertThat(Files.readAllLines(out).get(0)).isEqualTo("user_id,feature_dt,distinct_vendors_7d,spending_sum_30d");
  }

  @Test
  void exportFeaturesWritesTheNamedColumns() throws Exception {
    Path out = temp.resolve("export.csv");
    cli.ok("export-features", "--features", TWO, "--out", out.toString());
    assertThat(Files.readAllLines(out).get(0)).isEqualTo("user_id,dt,distinct_vendors_7d,spending_sum_30d");
    Path plain = temp.resolve("plain.csv");
    cli.ok("export-features", "--out", plain.toString());
    assertThat(Files.readAllLines(plain).get(0)).isEqualTo("user_id,dt,spending_mean_7d");
  }

  @Test
  void aFeatureThatIsNotAppliedOrNotComputedIsRefusedAndNothingIsWritten() throws Exception {
    Path out = temp.resolve("refused.csv");
    assertThat(refused("training-set", "--labels", labels.toString(), "--known-at", "2999-01-01", "--features",
            "spending_sum_7d,no_such", "--out", out.toString()).stderr())
        .startsWith("floe: Unknown feature 'no_such': the applied features are ");
    assertThat(refused("features-as-of", "--at", "2025-09-10", "--features", "spending_sum_7d,,x").stderr())
        .contains("--features");
    assertThat(refused("export-features", "--features", "a,a", "--out", out.toString()).stderr())
        .contains("'a' twice");

    Path later = temp.resolve("later");
    Files.createDirectories(later);
    Files.writeString(
        later.resolve("spending_min_3d.json"),
        """
        {"name": "spending_min_3d", "entity": "user_id", "source": "raw_events", "aggregation": "min",
         "column": "amount", "window_days": 3, "type": "decimal(15,2)",
         "description": "Smallest amount in 3 days.", "owner": "fraud-team"}
        """);
    cli.ok("features", "apply", later.toString());
    assertThat(refused("export-features", "--features", "spending_min_3d", "--out", out.toString()).stderr())
        .contains("'spending_min_3d' is applied but not a column of user_features snapshot")
        .contains("floe featurize");
    assertThat(out).doesNotExist();
  }

  private FloeCli.Run refused(String... args) {
    Map<FloeTable, Long> before = cli.currentSnapshots();
    FloeCli.Run run = cli.run(args).assertFailedWith(ExitCode.INVALID_INPUT);
    assertThat(cli.currentSnapshots()).as("tables after %s", run.args()).isEqualTo(before);
    return run;
  }
}
