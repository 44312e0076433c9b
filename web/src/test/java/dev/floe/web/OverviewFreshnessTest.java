package dev.floe.web;

import static dev.floe.web.WebTesting.testConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.web.runs.InMemoryPipelineRuns;
import dev.floe.workflows.FloeJson;
import io.javalin.testtools.JavalinTest;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverviewFreshnessTest {
  @TempDir Path dataDir;

  @Test
  void featuresOlderThanTheTtlAreFlaggedStaleOnThePageAndInTheApi() {
    LocalDate longAgo = LocalDate.now(ZoneOffset.UTC).minusDays(30);
    JsonNode freshness = overviewWithNewestFeatureOn(longAgo, page ->
        assertThat(page).contains("Stale: the newest features (" + longAgo + ")").contains("floe schedule"));
    assertThat(freshness.get("newest_feature_date").asText()).isEqualTo(longAgo.toString());
    assertThat(freshness.get("features_stale").asBoolean()).isTrue();
  }

  @Test
  void yesterdaysFeaturesAreFresh() {
    LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
    JsonNode freshness = overviewWithNewestFeatureOn(yesterday, page ->
        assertThat(page).contains("<h2>Freshness</h2>").doesNotContain("Stale:"));
    assertThat(freshness.get("features_stale").asBoolean()).isFalse();
  }

  private JsonNode overviewWithNewestFeatureOn(LocalDate newest, java.util.function.Consumer<String> checkPage) {
    JsonNode[] freshness = new JsonNode[1];
    try (FloeCatalog catalog = FloeCatalog.open(dataDir)) {
      TableFixture.appendFeatures(
          catalog,
          "(1, '" + newest.minusDays(1) + "', 10.00), (1, '" + newest + "', 12.00)",
          new CommitLineage("wf", "run", "featurize"));
      FloeWebApp app =
          new FloeWebApp(WebConfig.defaults(dataDir).withToken(null).withPort(0), catalog, new InMemoryPipelineRuns());
      JavalinTest.test(app.javalin(), testConfig(), (server, client) -> {
        checkPage.accept(client.get("/").body().string());
        freshness[0] = FloeJson.mapper().readTree(client.get("/api/overview").body().string()).get("freshness");
      });
    }
    return freshness[0];
  }
}
