package dev.floe.web;

import static dev.floe.web.WebTesting.testConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.web.runs.InMemoryPipelineRuns;
import dev.floe.workflows.FloeJson;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.nio.file.Path;
import org.apache.iceberg.Snapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotsPagesTest {
  @TempDir Path dataDir;

  private FloeCatalog catalog;
  private Snapshot first;
  private Snapshot second;

  @BeforeEach
  void twoCommits() {
    catalog = FloeCatalog.open(dataDir);
    first = TableFixture.appendRawEvents(catalog, 0, 30, new CommitLineage("wf-1", "run-1", "generate"));
    second = TableFixture.appendRawEvents(catalog, 30, 50, new CommitLineage("wf-2", "run-2", "ingest"));
    catalog.load(FloeTable.RAW_EVENTS).manageSnapshots().createTag("model-v20250917100003", first.snapshotId()).commit();
  }

  @AfterEach
  void closeCatalog() {
    catalog.close();
  }

  private FloeWebApp app() {
    return new FloeWebApp(WebConfig.defaults(dataDir).withToken(null).withPort(0), catalog, new InMemoryPipelineRuns());
  }

  @Test
  void theHistoryListsEverySnapshotNewestFirstWithLineageAndTags() {
    JavalinTest.test(app().javalin(), testConfig(), (server, client) -> {
      JsonNode history = FloeJson.mapper().readTree(client.get("/api/snapshots/raw_events").body().string());
      assertThat(history).hasSize(2);
      JsonNode newest = history.get(0);
      assertThat(newest.get("snapshot_id").asLong()).isEqualTo(second.snapshotId());
      assertThat(newest.get("current").asBoolean()).isTrue();
      assertThat(newest.get("floe_properties").get("floe.workflow-id").asText()).isEqualTo("wf-2");
      JsonNode oldest = history.get(1);
      assertThat(oldest.get("tags").toString()).isEqualTo("[\"model-v20250917100003\"]");

      String page = client.get("/snapshots/raw_events").body().string();
      assertThat(page)
          .contains(Long.toString(first.snapshotId()))
          .contains(Long.toString(second.snapshotId()))
          .contains("workflow-id: wf-1")
          .contains("model-v20250917100003");
    });
  }

  @Test
  void theRowCountAtAnySnapshotIsTheTableAsItWasThen() {
    JavalinTest.test(app().javalin(), testConfig(), (server, client) -> {
      JsonNode atFirst =
          FloeJson.mapper().readTree(client.get("/api/snapshots/raw_events/" + first.snapshotId()).body().string());
      assertThat(atFirst.get("rows").asLong()).isEqualTo(30);
      JsonNode atSecond =
          FloeJson.mapper().readTree(client.get("/api/snapshots/raw_events/" + second.snapshotId()).body().string());
      assertThat(atSecond.get("rows").asLong()).isEqualTo(80);

      assertThat(client.get("/snapshots/raw_events?snapshot_id=" + first.snapshotId()).body().string())
          .contains("held <strong>30</strong> rows");
    });
  }

  @Test
  void theOverviewShowsEachTableAsItIsNow() {
    JavalinTest.test(app().javalin(), testConfig(), (server, client) -> {
      JsonNode overview = FloeJson.mapper().readTree(client.get("/api/overview").body().string());
      JsonNode raw = overview.get("tables").get(0);
      assertThat(raw.get("table").asText()).isEqualTo("raw_events");
      assertThat(raw.get("snapshot_id").asLong()).isEqualTo(second.snapshotId());
      assertThat(raw.get("rows").asLong()).isEqualTo(80);
      assertThat(overview.get("tables").get(1).get("exists").asBoolean()).isFalse();
      assertThat(overview.get("latest_model").isNull()).isTrue();

      String page = client.get("/").body().string();
      assertThat(page).contains("raw_events").contains(Long.toString(second.snapshotId())).contains("not created yet");
    });
  }

  @Test
  void unknownTablesAndSnapshotsAreNotFoundAndMalformedIdsAreBadRequests() {
    JavalinTest.test(app().javalin(), testConfig(), (server, client) -> {
      Response unknownTable = client.get("/api/snapshots/customers");
      assertThat(unknownTable.code()).isEqualTo(404);
      assertThat(unknownTable.body().string()).contains("Unknown table 'customers'");

      Response unknownSnapshot = client.get("/api/snapshots/raw_events/12345");
      assertThat(unknownSnapshot.code()).isEqualTo(404);
      assertThat(unknownSnapshot.body().string()).contains("Snapshot 12345 does not exist");

      Response malformed = client.get("/snapshots/raw_events?snapshot_id=latest");
      assertThat(malformed.code()).isEqualTo(400);
      assertThat(malformed.body().string()).contains("snapshot_id: expected a whole number, got &#39;latest&#39;");
    });
  }
}
