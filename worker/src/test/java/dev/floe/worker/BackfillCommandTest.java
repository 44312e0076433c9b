package dev.floe.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.FloeTable;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code floe backfill} on the embedded Temporal server, against a data directory the CLI built. */
class BackfillCommandTest {
  @TempDir Path temp;

  @Test
  void aBackfillCommitsOnceAndKeepsTheFeaturesOfTheSameRawSnapshot() {
    FloeCli cli = new FloeCli(temp.resolve("data"));
    cli.ok(FloeCli.generateSmall());
    cli.ok("featurize");
    Path before = temp.resolve("before.csv");
    cli.ok("export-features", "--out", before.toString());

    JsonNode result = cli.ok("backfill", "--from", "2025-09-01", "--to", "2025-09-17", "--chunk-days", "4").json();
    assertThat(result.get("committed").asBoolean()).isTrue();
    assertThat(result.get("dates_recomputed").asInt()).isEqualTo(17);
    Path after = temp.resolve("after.csv");
    cli.ok("export-features", "--out", after.toString());
    assertThat(after).hasSameTextualContentAs(before);

    Map<FloeTable, Long> snapshots = cli.currentSnapshots();
    assertThat(cli.run("backfill", "--from", "2025-09-10", "--to", "2025-09-30").assertFailedWith(ExitCode.INVALID_INPUT).stderr())
        .contains("outside raw_events snapshot");
    assertThat(cli.currentSnapshots()).isEqualTo(snapshots);
  }
}
