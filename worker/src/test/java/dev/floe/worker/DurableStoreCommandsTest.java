package dev.floe.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.catalog.TableCommits;
import dev.floe.engine.DuckDb;
import dev.floe.engine.ParquetTableWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** floe ingest's per-row semantics, floe reproduce and floe maintain, through the command line. */
class DurableStoreCommandsTest {
  private static final String HEADER = "id,user_id,amount,vendor_id,event_timestamp\n";

  @TempDir Path temp;

  @Test
  void overlappingExportsSkipStoredRowsAndAConflictRefusesTheFile() throws IOException {
    FloeCli cli = new FloeCli(temp.resolve("data"));
    cli.ok("ingest", csv("monday.csv", "1,42,12.50,7,2025-09-01T10:00:00Z", "2,43,3.00,8,2025-09-01T11:00:00Z"));

    JsonNode tuesday =
        cli.ok("ingest", csv("tuesday.csv", "2,43,3.00,8,2025-09-01T11:00:00Z", "3,44,4.25,9,2025-09-02T09:00:00Z"))
            .json();
    assertThat(tuesday.get("rows").asLong()).isEqualTo(1);
    assertThat(tuesday.get("skipped_rows").asLong()).isEqualTo(1);
    assertThat(tuesday.get("already_ingested").asBoolean()).isFalse();
    assertThat(cli.ok("--pretty", "ingest", csv("again.csv", "3,44,4.25,9,2025-09-02T09:00:00Z")).stdout())
        .startsWith("All 1 rows of ")
        .contains("are already in raw_events (snapshot " + tuesday.get("snapshot_id").asLong() + "): nothing appended.");

    Map<FloeTable, Long> before = cli.currentSnapshots();
    String conflicting = csv("wednesday.csv", "4,45,1.00,1,2025-09-03T09:00:00Z", "2,43,30.00,8,2025-09-01T11:00:00Z");
    FloeCli.Run refused = cli.run("ingest", conflicting).assertFailedWith(ExitCode.INVALID_INPUT);
    assertThat(refused.stderr().strip())
        .isEqualTo("floe: " + conflicting + " line 3: id 2 is already in raw_events with different content (amount 3.00"
            + " in raw_events, 30.00 here): a row already stored may only be sent again unchanged, so nothing was"
            + " ingested");
    assertThat(cli.currentSnapshots()).isEqualTo(before);
  }

  @Test
  void reproduceGivesAVerdictAndExitsNonZeroOnADifference() throws Exception {
    FloeCli cli = new FloeCli(temp.resolve("data"));
    String model = cli.trainedModel();

    JsonNode verdict = cli.ok("reproduce", model).json();
    assertThat(verdict.get("reproduced").asBoolean()).isTrue();
    assertThat(verdict.get("recomputed_fingerprint")).isEqualTo(verdict.get("recorded_fingerprint"));
    assertThat(cli.ok("--pretty", "reproduce", model).stdout()).startsWith("REPRODUCED: model " + model);

    // A feature row its raw events cannot give, committed as if featurize had made it.
    try (FloeCatalog catalog = FloeCatalog.open(cli.dataDir()); Connection duck = DuckDb.open()) {
      Table features = catalog.load(FloeTable.USER_FEATURES);
      String raw = features.currentSnapshot().summary().get(CommitLineage.RAW_SNAPSHOT_ID);
      List<DataFile> files = ParquetTableWriter.write(duck, features,
          "SELECT 0::BIGINT AS user_id, DATE '2025-09-18' AS dt, 5.00::DECIMAL(15, 2) AS spending_mean_7d,"
          + " '2025-09-18' AS __partition");
      TableCommits.append(features, files, CommitLineage.direct("featurize"), Map.of(CommitLineage.RAW_SNAPSHOT_ID, raw));
    }
    String tampered = cli.ok("train").json().get("model_version").asText();

    FloeCli.Run run = cli.run("reproduce", tampered);
    assertThat(run.exitCode()).isEqualTo(ExitCode.NOT_REPRODUCED.code());
    assertThat(run.json().get("reproduced").asBoolean()).isFalse();
    assertThat(run.stderr().lines().toList()).singleElement().asString()
        .startsWith("floe: NOT REPRODUCED: model " + tampered + ": recomputed features differ");
    cli.run("reproduce", "v19990101000000").assertFailedWith(ExitCode.NOT_FOUND);
  }

  @Test
  void maintainKeepsModelsDataIdentical() throws Exception {
    FloeCli cli = new FloeCli(temp.resolve("data"));
    String model = cli.trainedModel();
    cli.ok("generate", "--users", "40", "--events", "2000", "--days", "20", "--end-date", "2025-09-18", "--seed", "8");
    cli.ok("featurize");
    String training = cli.ok("training-data", model).stdout();
    String raw = cli.ok("raw-data", model).stdout();
    String[] debug = {"debug", "--model", model, "--user", "7", "--amount", "180.25", "--as-of", "2025-09-16"};
    String report = cli.ok(debug).stdout();
    Thread.sleep(1_100);

    JsonNode maintained = cli.ok("maintain", "--older-than", "1s").json();

    assertThat(maintained.get("tables")).hasSize(3);
    JsonNode rawEvents = maintained.get("tables").get(0);
    assertThat(rawEvents.get("table").asText()).isEqualTo("raw_events");
    assertThat(rawEvents.get("files_compacted").asInt()).isPositive();
    assertThat(rawEvents.get("snapshots_expired").asInt()).isPositive();
    assertThat(cli.ok("training-data", model).stdout()).isEqualTo(training);
    assertThat(cli.ok("raw-data", model).stdout()).isEqualTo(raw);
    assertThat(cli.ok(debug).stdout()).isEqualTo(report);
    cli.ok("reproduce", model);
    cli.run("maintain", "--older-than", "soon").assertFailedWith(ExitCode.INVALID_INPUT);
    new FloeCli(temp.resolve("nowhere")).run("maintain").assertFailedWith(ExitCode.NOT_FOUND);
  }

  private String csv(String name, String... rows) throws IOException {
    Path file = temp.resolve(name);
    Files.writeString(file, HEADER + String.join("\n", rows) + "\n");
    return file.toString();
  }
}
