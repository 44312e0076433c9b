package dev.floe.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registered model reads its own snapshots forever: after more data lands and a second model is
 * trained, the first model's training data, raw data and debug report are the same bytes.
 */
class TimeTravelTest {
  @TempDir Path temp;

  @Test
  void aModelsDataAndReportsAreUnchangedByLaterData() throws IOException {
    FloeCli cli = new FloeCli(temp.resolve("data"));
    String modelA = cli.trainedModel();
    String[] debugA = {
      "debug", "--model", modelA, "--user", "7", "--amount", "180.25", "--as-of", "2025-09-16"
    };
    String[] detectA = {
      "detect", "--model", modelA, "--user", "7", "--amount", "180.25", "--as-of", "2025-09-16"
    };

    String trainingA = cli.ok("training-data", modelA).stdout();
    String rawA = cli.ok("raw-data", modelA).stdout();
    FloeCli.Run reportA = cli.ok(debugA);
    String decisionA = cli.ok(detectA).stdout();
    byte[] trainingCsvA = export(cli, "training-data", modelA, temp.resolve("a-training.csv"));
    byte[] rawParquetA = export(cli, "raw-data", modelA, temp.resolve("a-raw.parquet"));

    // New transactions inside model A's window (user 7 spends a lot on its debug date) and after
    // it,
    // including one whose local evening is the next UTC day.
    Path more = temp.resolve("more.csv");
    Files.writeString(
        more,
        """
        id,user_id,amount,vendor_id,event_timestamp
        990000001,7,950.00,12,2025-09-16T12:00:00Z
        990000002,7,40.10,12,2025-09-17T09:30:00+02:00
        990000003,11,12.34,99,2025-09-18T08:00:00Z
        990000004,42,77.70,5,2025-09-18T22:30:00-05:00
        """);
    cli.ok("ingest", more.toString());
    cli.ok("featurize");
    String modelB = cli.ok("train").json().get("model_version").asText();
    assertThat(modelB).isNotEqualTo(modelA);

    assertThat(cli.ok("training-data", modelA).stdout()).isEqualTo(trainingA);
    assertThat(cli.ok("raw-data", modelA).stdout()).isEqualTo(rawA);
    assertThat(cli.ok(debugA).stdout()).isEqualTo(reportA.stdout());
    assertThat(cli.ok(detectA).stdout()).isEqualTo(decisionA);
    assertThat(export(cli, "training-data", modelA, temp.resolve("a-training-again.csv")))
        .isEqualTo(trainingCsvA);
    assertThat(export(cli, "raw-data", modelA, temp.resolve("a-raw-again.parquet")))
        .isEqualTo(rawParquetA);

    // The same questions asked of model B see the new data, so the comparisons above could fail.
    assertThat(cli.ok("raw-data", modelB).stdout()).isNotEqualTo(rawA).contains("990000004");
    assertThat(cli.ok("training-data", modelB).stdout()).isNotEqualTo(trainingA);
    String[] debugB = {
      "debug", "--model", modelB, "--user", "7", "--amount", "180.25", "--as-of", "2025-09-16"
    };
    assertThat(cli.ok(debugB).json().get("context")).isNotEqualTo(reportA.json().get("context"));
  }

  private static byte[] export(FloeCli cli, String command, String model, Path file)
      throws IOException {
    cli.ok(command, model, "--out", file.toString());
    return Files.readAllBytes(file);
  }
}
