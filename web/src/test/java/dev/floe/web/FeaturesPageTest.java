package dev.floe.web;

import static dev.floe.web.WebTesting.testConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.features.registry.FeatureDefinitions;
import dev.floe.features.registry.FeatureRegistry;
import dev.floe.web.runs.InMemoryPipelineRuns;
import dev.floe.workflows.FloeJson;
import io.javalin.testtools.JavalinTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturesPageTest {
  @TempDir Path dataDir;
  @TempDir Path folder;

  private FloeCatalog catalog;

  @BeforeEach
  void openCatalog() {
    catalog = FloeCatalog.open(dataDir);
  }

  @AfterEach
  void closeCatalog() {
    catalog.close();
  }

  private FloeWebApp app() {
    return new FloeWebApp(WebConfig.defaults(dataDir).withToken(null).withPort(0), catalog, new InMemoryPipelineRuns());
  }

  @Test
  void theRegistryIsListedAsJsonAndAsAnEscapedPage() throws IOException {
    Files.writeString(
        folder.resolve("risky.json"),
        """
        {"name": "distinct_vendors_7d", "entity": "user_id", "source": "raw_events",
         "aggregation": "count_distinct", "column": "vendor_id", "window_days": 7, "type": "long",
         "description": "Vendors <script>alert(1)</script> paid in 7 days.", "owner": "fraud-team"}
        """);
    new FeatureRegistry(catalog)
        .apply(FeatureDefinitions.load(folder), CommitLineage.direct("features-apply"));

    JavalinTest.test(app().javalin(), testConfig(), (server, client) -> {
      JsonNode listed = FloeJson.mapper().readTree(client.get("/api/features").body().string());
      assertThat(listed).hasSize(1);
      assertThat(listed.get(0).get("name").asText()).isEqualTo("distinct_vendors_7d");
      assertThat(listed.get(0).get("window_days").asInt()).isEqualTo(7);
      assertThat(listed.get(0).get("version").asInt()).isEqualTo(1);

      String page = client.get("/features").body().string();
      assertThat(page)
          .contains("distinct_vendors_7d")
          .contains("count_distinct")
          .contains("&lt;script&gt;")
          .doesNotContain("<script>alert(1)</script>");
    });
  }

  @Test
  void aStoreWithoutDefinitionsSaysHowToApplyThem() {
    JavalinTest.test(app().javalin(), testConfig(), (server, client) -> {
      assertThat(client.get("/api/features").body().string()).isEqualTo("[]");
      assertThat(client.get("/features").body().string()).contains("No feature definitions applied yet");
    });
  }
}
