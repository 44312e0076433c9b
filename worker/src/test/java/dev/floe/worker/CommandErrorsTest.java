package dev.floe.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.FloeTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad input named in the issue: one line on stderr, its own exit code, no stack trace, and
 * every table exactly as it was (same current snapshot).
 */
class CommandErrorsTest {
  @TempDir Path temp;

  private FloeCli cli;
  private String model;

  @BeforeEach
  void trainAModel() {
    cli = new FloeCli(temp.resolve("data"));
    model = cli.trainedModel();
  }

  @Test
  void anUnknownModelVersionIsNotFound() {
    for (String[] command :
        new String[][] {
          {"debug", "--model", "v19990101000000", "--user", "42", "--amount", "10"},
          {"detect", "--model", "v19990101000000", "--user", "42", "--amount", "10"},
          {"training-data", "v19990101000000"},
          {"raw-data", "v19990101000000"},
        }) {
      FloeCli.Run run = failsAndChangesNothing(ExitCode.NOT_FOUND, command);
      assertThat(run.stderr()).contains("v19990101000000");
    }
  }

  @Test
  void aUserWithoutHistoryIsNotFound() {
    FloeCli.Run run =
        failsAndChangesNothing(
            ExitCode.NOT_FOUND, "debug", "--model", model, "--user", "987654", "--amount", "10");
    assertThat(run.stderr()).contains("987654");
    failsAndChangesNothing(
        ExitCode.NOT_FOUND, "detect", "--model", model, "--user", "987654", "--amount", "10");
  }

  @Test
  void aHistoryThatStartsAfterAsOfIsNotFound() {
    failsAndChangesNothing(
        ExitCode.NOT_FOUND,
        "debug",
        "--model",
        model,
        "--user",
        "42",
        "--amount",
        "10",
        "--as-of",
        "2020-01-01");
  }

  @Test
  void anEmptyTrainingWindowRegistersNoModel() {
    FloeCli.Run run =
        failsAndChangesNothing(
            ExitCode.EMPTY_WINDOW,
            "train",
            "--window-start",
            "1990-01-01",
            "--window-end",
            "1990-01-31");
    assertThat(run.stderr()).contains("1990-01-01");
  }

  @Test
  void aMissingTableSaysWhatToRunFirst() throws IOException {
    FloeCli fresh = new FloeCli(temp.resolve("fresh"));
    fresh.ok(FloeCli.generateSmall());
    assertThat(failsAndChangesNothing(fresh, ExitCode.NOT_FOUND, "train").stderr())
        .contains("user_features")
        .contains("floe featurize");
    assertThat(
            failsAndChangesNothing(
                    fresh,
                    ExitCode.NOT_FOUND,
                    "export-features",
                    "--out",
                    temp.resolve("f.csv").toString())
                .stderr())
        .contains("user_features");
    assertThat(temp.resolve("f.csv")).doesNotExist();

    FloeCli empty = new FloeCli(Files.createDirectories(temp.resolve("empty")));
    assertThat(failsAndChangesNothing(empty, ExitCode.NOT_FOUND, "featurize").stderr())
        .contains("raw_events")
        .contains("floe generate");
  }

  @Test
  void anUnknownSnapshotIsNotFound() {
    failsAndChangesNothing(ExitCode.NOT_FOUND, "featurize", "--raw-snapshot", "123456789");
    failsAndChangesNothing(
        ExitCode.NOT_FOUND,
        "export-features",
        "--snapshot",
        "123456789",
        "--out",
        temp.resolve("x.csv").toString());
  }

  @Test
  void aValueOutOfRangeIsInvalidInput() {
    failsAndChangesNothing(ExitCode.INVALID_INPUT, "generate", "--users", "0");
    failsAndChangesNothing(ExitCode.INVALID_INPUT, "generate", "--events", "-5");
    failsAndChangesNothing(ExitCode.INVALID_INPUT, "generate", "--days", "0");
    failsAndChangesNothing(ExitCode.INVALID_INPUT, "train", "--quantile", "1.5");
    failsAndChangesNothing(
        ExitCode.INVALID_INPUT,
        "train",
        "--window-start",
        "2025-09-17",
        "--window-end",
        "2025-09-01");
    failsAndChangesNothing(ExitCode.INVALID_INPUT, "train", "--feature-name", "spending_max_30d");
    failsAndChangesNothing(
        ExitCode.INVALID_INPUT,
        "training-data",
        model,
        "--out",
        temp.resolve("rows.xlsx").toString());
  }

  @Test
  void aMalformedFlagIsAUsageError() {
    failsAndChangesNothing(ExitCode.USAGE, "generate", "--users", "forty");
    failsAndChangesNothing(
        ExitCode.USAGE, "debug", "--model", model, "--user", "42", "--amount", "ten");
    failsAndChangesNothing(ExitCode.USAGE, "train", "--window-end", "17/09/2025");
  }

  @Test
  void aMissingFileIsNotFound() {
    Path missing = temp.resolve("no-such.csv");
    assertThat(failsAndChangesNothing(ExitCode.NOT_FOUND, "ingest", missing.toString()).stderr())
        .contains(missing.toString());
    assertThat(
            failsAndChangesNothing(
                    ExitCode.NOT_FOUND, "generate", "--anomaly-file", missing.toString())
                .stderr())
        .contains(missing.toString());
  }

  @Test
  void aFileWithABadRowAppendsNothingAndNamesTheLineAndField() throws IOException {
    Path file = temp.resolve("bad.csv");
    Files.writeString(
        file,
        """
        id,user_id,amount,vendor_id,event_timestamp
        900000001,42,12.50,7,2025-09-17T10:00:00Z
        900000002,42,twelve,7,2025-09-17T11:00:00Z
        """);
    FloeCli.Run run = failsAndChangesNothing(ExitCode.INVALID_INPUT, "ingest", file.toString());
    assertThat(run.stderr()).containsIgnoringCase("line 3").contains("amount");
  }

  @Test
  void aFileThatIsNotTransactionsIsInvalidInput() throws IOException {
    Path file = temp.resolve("notes.csv");
    Files.writeString(file, "hello,world\n1,2\n");
    failsAndChangesNothing(ExitCode.INVALID_INPUT, "ingest", file.toString());
    Path json = temp.resolve("events.json");
    Files.writeString(json, "[]");
    failsAndChangesNothing(ExitCode.INVALID_INPUT, "ingest", json.toString());
  }

  @Test
  void aBadAnomalyFileGeneratesNothingAndNamesFileEntryAndField() throws IOException {
    Path file = temp.resolve("anomalies.json");
    Files.writeString(
        file,
        "[{\"user_id\": 42, \"day\": 5}, {\"user_id\": 7, \"day\": 3, \"multiplier\": \"lots\"}]");
    FloeCli.Run run =
        failsAndChangesNothing(
            ExitCode.INVALID_INPUT, "generate", "--anomaly-file", file.toString());
    assertThat(run.stderr()).contains("anomalies.json").contains("multiplier");

    Path outOfWindow = temp.resolve("late.json");
    Files.writeString(outOfWindow, "{\"user_id\": 42, \"day\": 30}\n");
    assertThat(
            failsAndChangesNothing(
                    ExitCode.INVALID_INPUT,
                    "generate",
                    "--days",
                    "20",
                    "--anomaly-file",
                    outOfWindow.toString())
                .stderr())
        // The window bound is checked by the generator, which sees specs, not files: it names the
        // entry and the field, not the file.
        .contains("day")
        .contains("30");

    Path notJson = temp.resolve("broken.json");
    Files.writeString(notJson, "[{\"user_id\": 42,");
    assertThat(
            failsAndChangesNothing(
                    ExitCode.INVALID_INPUT, "generate", "--anomaly-file", notJson.toString())
                .stderr())
        .contains("broken.json");
  }

  private FloeCli.Run failsAndChangesNothing(ExitCode code, String... args) {
    return failsAndChangesNothing(cli, code, args);
  }

  private static FloeCli.Run failsAndChangesNothing(FloeCli target, ExitCode code, String... args) {
    Map<FloeTable, Long> before = target.currentSnapshots();
    FloeCli.Run run = target.run(args).assertFailedWith(code);
    assertThat(target.currentSnapshots()).as("tables after %s", run.args()).isEqualTo(before);
    return run;
  }
}
