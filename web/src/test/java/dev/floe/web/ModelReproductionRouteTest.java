package dev.floe.web;

import static dev.floe.web.WebTesting.testConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.FloeCatalog;
import dev.floe.web.runs.InMemoryPipelineRuns;
import dev.floe.workflows.FloeJson;
import dev.floe.workflows.ModelCard;
import io.javalin.testtools.JavalinTest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelReproductionRouteTest {
  @TempDir Path dataDir;

  private FloeCatalog catalog;
  private ModelCard model;

  @BeforeEach
  void registerAModel() {
    // The fixture's features are written by hand, not computed from its raw events: a model that
    // must not reproduce.
    catalog = FloeCatalog.open(dataDir);
    model = TableFixture.registerModelOnFourFeatureRows(catalog).model();
  }

  @AfterEach
  void closeCatalog() {
    catalog.close();
  }

  @Test
  void theModelPageOffersTheCheckAndShowsItsVerdictOnceRun() {
    FloeWebApp app =
        new FloeWebApp(WebConfig.defaults(dataDir).withToken(null).withPort(0), catalog, new InMemoryPipelineRuns());
    JavalinTest.test(app.javalin(), testConfig(), (server, client) -> {
      String version = model.modelVersion();
      assertThat(client.get("/models/" + version).body().string())
          .contains("Not checked since the dashboard started")
          .contains("href=\"/models/" + version + "?reproduce=true\"")
          .contains("floe reproduce " + version);

      JsonNode verdict = FloeJson.mapper().readTree(client.get("/api/models/" + version + "/reproduction").body().string());
      assertThat(verdict.get("model_version").asText()).isEqualTo(version);
      assertThat(verdict.get("reproduced").asBoolean()).isFalse();
      assertThat(verdict.get("verdict").asText()).startsWith("NOT REPRODUCED: model " + version);

      assertThat(client.get("/models/" + version).body().string())
          .contains("<p id=\"model-reproduction\"><span class=\"status FAILED\">NOT REPRODUCED: model " + version);
      assertThat(client.get("/api/models/v19990101000000/reproduction").code()).isEqualTo(404);
    });
  }
}
