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

/** {@code floe training-set} and {@code floe features-as-of} on a data directory the pipeline built. */
class PointInTimeCommandsTest {
  @TempDir Path temp;

  private FloeCli cli;
  private String model;
  private Path labels;

  @BeforeEach
  void trainAModel() throws Exception {
    cli = new FloeCli(temp.resolve("data"));
    model = cli.trainedModel();
    labels = temp.resolve("labels.csv");
    Files.writeString(
        labels,
        "user_id,label,as_of_ts,request\n"
            + "5,1,2025-09-10T12:00:00Z,a\n"
            + "7,0,2025-09-10T00:00:00Z,b\n"
            + "5,1,2025-09-10T12:00:00Z,c\n"
            + "999999,0,2025-09-10T12:00:00Z,d\n"
            + "3,0,1999-01-01T00:00:00Z,e\n");
  }

  @Test
  void aTrainingSetFromTheModelsSnapshotPrintsItsSummary() {
    Path out = temp.resolve("set.parquet");
    JsonNode summary =
        cli.ok("training-set", "--labels", labels.toString(), "--model", model, "--ttl", "7d", "--out", out.toString())
            .json();
    assertThat(summary.get("rows").asLong()).isEqualTo(5);
    assertThat(summary.get("rows_with_features").asLong()).isEqualTo(3);
    assertThat(summary.get("rows_without_history").asLong()).isEqualTo(2);
    assertThat(summary.get("rows_past_ttl").asLong()).isZero();
    assertThat(summary.get("format").asText()).isEqualTo("parquet");
    assertThat(out).exists();
    long snapshot = summary.get("feature_snapshot_id").asLong();

    Path again = temp.resolve("again.csv");
    JsonNode bySnapshot =
        cli.ok("training-set", "--labels", labels.toString(), "--snapshot", Long.toString(snapshot), "--out", again.toString())
            .json();
    assertThat(bySnapshot.get("rows_with_features").asLong()).isEqualTo(3);
    JsonNode knownNow =
        cli.ok("training-set", "--labels", labels.toString(), "--known-at", "2999-01-01T00:00:00Z", "--out", again.toString())
            .json();
    assertThat(knownNow.get("feature_snapshot_id").asLong()).isEqualTo(snapshot);

    assertThat(cli.ok("--pretty", "training-set", "--labels", labels.toString(), "--model", model, "--out", again.toString()).stdout())
        .startsWith("Training set of 5 rows written to");
  }

  @Test
  void aTrainingSetAsAWorkflowWritesAndPrintsWhatTheDirectCommandDoes() throws Exception {
    Path direct = temp.resolve("direct.csv");
    Path viaWorkflow = temp.resolve("workflow.csv");
    JsonNode expected =
        cli.ok("training-set", "--labels", labels.toString(), "--model", model, "--ttl", "7d", "--out", direct.toString())
            .json();
    JsonNode summary =
        cli.ok("training-set", "--labels", labels.toString(), "--model", model, "--ttl", "7d", "--out",
                viaWorkflow.toString(), "--workflow", "--workflow-id", "training-set-cli")
            .json();

    assertThat(Files.readString(viaWorkflow)).isEqualTo(Files.readString(direct));
    for (String field : List.of("rows", "rows_with_features", "rows_past_ttl", "rows_without_history",
        "feature_snapshot_id", "snapshot_choice", "format", "ttl")) {
      assertThat(summary.get(field)).as(field).isEqualTo(expected.get(field));
    }
    assertThat(summary.get("snapshot_choice").asText()).isEqualTo("model " + model);
    assertThat(summary.get("out").asText()).isEqualTo(viaWorkflow.toAbsolutePath().normalize().toString());
    assertThat(cli.ok("--pretty", "training-set", "--labels", labels.toString(), "--known-at", "2999-01-01", "--out",
            viaWorkflow.toString(), "--workflow").stdout())
        .startsWith("Training set of 5 rows written to " + viaWorkflow.toAbsolutePath().normalize());

    Path bad = temp.resolve("bad.csv");
    Files.writeString(bad, "user_id,label,as_of_ts\n1,1,2025-09-10\n2,0,not-a-time\n");
    Path never = temp.resolve("never.csv");
    assertThat(cli.run("training-set", "--labels", bad.toString(), "--model", model, "--out", never.toString(), "--workflow")
            .assertFailedWith(ExitCode.INVALID_INPUT).stderr())
        .contains("line 3")
        .contains("as_of_ts 'not-a-time'");
    assertThat(cli.run("training-set", "--labels", labels.toString(), "--model", "v19990101000000", "--out",
            never.toString(), "--workflow").assertFailedWith(ExitCode.NOT_FOUND).stderr())
        .contains("v19990101000000");
    assertThat(cli.run("training-set", "--labels", temp.resolve("missing.csv").toString(), "--model", model, "--out",
            never.toString(), "--workflow").assertFailedWith(ExitCode.NOT_FOUND).stderr())
        .contains("missing.csv").contains("does not exist");
    assertThat(cli.run("training-set", "--labels", labels.toString(), "--model", model, "--out", never.toString(),
            "--temporal", "127.0.0.1:1").assertFailedWith(ExitCode.INVALID_INPUT).stderr())
        .contains("need --workflow");
    assertThat(never).doesNotExist();
    try (var left = Files.list(temp)) {
      assertThat(left.map(file -> file.getFileName().toString())).noneMatch(name -> name.endsWith(".partial"));
    }
  }

  @Test
  void featuresAsOfPrintsOrWritesEveryUsersLatestKnownRow() {
    JsonNode printed = cli.ok("features-as-of", "--at", "2025-09-10T12:00:00Z").json();
    JsonNode features = printed.get("features");
    assertThat(features.size()).isGreaterThan(10);
    for (JsonNode row : features) {
      assertThat(row.get("dt").asText()).isLessThanOrEqualTo("2025-09-09");
    }
    Path out = temp.resolve("as-of.csv");
    JsonNode written = cli.ok("features-as-of", "--at", "2025-09-10T12:00:00Z", "--out", out.toString()).json();
    assertThat(written.get("users").asLong()).isEqualTo(features.size());
    JsonNode none = cli.ok("features-as-of", "--at", "2000-01-01").json();
    assertThat(none.get("features").size()).isZero();
  }

  @Test
  void badInputIsOneLineNamingTheFieldAndWritesNothing() throws Exception {
    Map<FloeTable, Long> before = cli.currentSnapshots();
    Path out = temp.resolve("never.parquet");
    assertThat(cli.run("training-set", "--labels", labels.toString(), "--model", model, "--ttl", "soon", "--out", out.toString())
            .assertFailedWith(ExitCode.INVALID_INPUT).stderr())
        .contains("--ttl 'soon'");
    assertThat(cli.run("training-set", "--labels", labels.toString(), "--known-at", "yesterday", "--out", out.toString())
            .assertFailedWith(ExitCode.INVALID_INPUT).stderr())
        .contains("--known-at 'yesterday'");
    cli.run("training-set", "--labels", labels.toString(), "--model", model, "--snapshot", "1", "--out", out.toString())
        .assertFailedWith(ExitCode.USAGE);
    cli.run("training-set", "--labels", labels.toString(), "--out", out.toString()).assertFailedWith(ExitCode.USAGE);
    assertThat(cli.run("training-set", "--labels", labels.toString(), "--model", "v19990101000000", "--out", out.toString())
            .assertFailedWith(ExitCode.NOT_FOUND).stderr())
        .contains("v19990101000000");
    cli.run("training-set", "--labels", temp.resolve("missing.csv").toString(), "--model", model, "--out", out.toString())
        .assertFailedWith(ExitCode.NOT_FOUND);
    Path bad = temp.resolve("bad.csv");
    Files.writeString(bad, "user_id,label,as_of_ts\n1,1,2025-09-10\n2,0,not-a-time\n");
    assertThat(cli.run("training-set", "--labels", bad.toString(), "--model", model, "--out", out.toString())
            .assertFailedWith(ExitCode.INVALID_INPUT).stderr())
        .contains("line 3")
        .contains("as_of_ts 'not-a-time'");
    assertThat(cli.run("features-as-of", "--at", "noon").assertFailedWith(ExitCode.INVALID_INPUT).stderr())
        .contains("--at 'noon'");
    cli.run("features-as-of", "--at", "2025-09-10", "--snapshot", "1", "--model", model).assertFailedWith(ExitCode.INVALID_INPUT);
    assertThat(out).doesNotExist();
    assertThat(cli.currentSnapshots()).isEqualTo(before);
  }
}
