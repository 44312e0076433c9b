package dev.floe.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.engine.DuckDb;
import dev.floe.engine.SnapshotFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code floe features apply} and {@code floe features list}, end to end in-process. */
class FeaturesCommandTest {
  /** The repository's shipped definitions. */
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
  void applyingTheShippedDefinitionsLeavesAnOlderModelsDataAndReportBitIdentical() {
    String trainingData = cli.ok("training-data", model).stdout();
    String[] debug = {"debug", "--model", model, "--user", "7", "--amount", "500", "--as-of", "2025-09-17"};
    String report = cli.ok(debug).stdout();

    JsonNode applied = cli.ok("features", "apply", SHIPPED).json();

    assertThat(applied.get("table").asText()).isEqualTo("feature_definitions");
    assertThat(applied.get("committed").asBoolean()).isTrue();
    assertThat(applied.get("rows").asInt()).isEqualTo(14);
    assertThat(applied.get("added_columns")).hasSize(13);
    assertThat(cli.ok("training-data", model).stdout()).isEqualTo(trainingData);
    assertThat(cli.ok(debug).stdout()).isEqualTo(report);
    // featurize fills every applied column; train keeps working on the evolved table
    cli.ok("featurize");
    assertThat(nullsIn("distinct_vendors_7d", "spending_max_30d", "days_since_first_transaction"))
        .isZero();
    cli.ok("train");
    assertThat(cli.ok("training-data", model).stdout()).isEqualTo(trainingData);

    JsonNode listed = cli.ok("features", "list").json();
    assertThat(listed.get("snapshot_id").asLong()).isEqualTo(applied.get("snapshot_id").asLong());
    assertThat(names(listed.get("features"))).contains("spending_mean_7d", "distinct_vendors_7d").hasSize(14);

    JsonNode again = cli.ok("features", "apply", SHIPPED).json();
    assertThat(again.get("committed").asBoolean()).isFalse();
    assertThat(again.get("snapshot_id").asLong()).isEqualTo(applied.get("snapshot_id").asLong());
  }

  @Test
  void aBadDefinitionFailsNamingFileAndFieldAndChangesNothing() throws IOException {
    Path folder = Files.createDirectories(temp.resolve("defs"));
    Files.writeString(
        folder.resolve("bad.json"),
        """
        {"name": "spending_sum_7d", "entity": "user_id", "source": "raw_events",
         "aggregation": "sum", "column": "amt", "window_days": 7, "type": "decimal(15,2)",
         "description": "Total spend.", "owner": "fraud-team"}
        """);
    var before = cli.currentSnapshots();
    int schemaId = userFeaturesSchemaId();

    FloeCli.Run run = cli.run("features", "apply", folder.toString()).assertFailedWith(ExitCode.INVALID_INPUT);

    assertThat(run.stderr())
        .startsWith("floe: " + folder.resolve("bad.json") + ": field 'column': unknown column 'amt'");
    assertThat(cli.currentSnapshots()).isEqualTo(before);
    assertThat(userFeaturesSchemaId()).isEqualTo(schemaId);
    cli.run("features", "apply", temp.resolve("nowhere").toString()).assertFailedWith(ExitCode.NOT_FOUND);
  }

  @Test
  void listingAStoreWithoutDefinitionsSaysSo() {
    JsonNode listed = cli.ok("features", "list").json();

    assertThat(listed.get("features")).isEmpty();
    assertThat(listed.get("snapshot_id").isNull()).isTrue();
    assertThat(cli.ok("features", "list", "--pretty").stdout())
        .isEqualTo("No feature definitions applied yet: run 'floe features apply [DIR]'.\n");
  }

  /** Null values of the columns in the current user_features snapshot, which must have rows. */
  private long nullsIn(String... columns) {
    try (FloeCatalog catalog = FloeCatalog.open(cli.dataDir());
        Connection duck = DuckDb.open();
        Statement statement = duck.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT count(*), count(*) FILTER (WHERE "
                    + String.join(" IS NULL OR ", columns)
                    + " IS NULL) FROM "
                    + SnapshotFiles.of(catalog.load(FloeTable.USER_FEATURES), null).relation())) {
      row.next();
      assertThat(row.getLong(1)).isPositive();
      return row.getLong(2);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private int userFeaturesSchemaId() {
    try (FloeCatalog catalog = FloeCatalog.open(cli.dataDir())) {
      return catalog.load(FloeTable.USER_FEATURES).schema().schemaId();
    }
  }

  private static List<String> names(JsonNode features) {
    List<String> names = new ArrayList<>();
    features.forEach(feature -> names.add(feature.get("name").asText()));
    return names;
  }
}
