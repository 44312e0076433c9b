package dev.floe.web;

import static dev.floe.web.WebTesting.testConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.web.runs.InMemoryPipelineRuns;
import dev.floe.workflows.FloeJson;
import dev.floe.workflows.ModelCard;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model page's drift section, /api/models/{v}/drift and the drift lines of /metrics. */
class ModelDriftRouteTest {
  @TempDir Path dataDir;

  private FloeCatalog catalog;
  private ModelCard model;

  @BeforeEach
  void registerAModel() {
    catalog = FloeCatalog.open(dataDir);
    model = TableFixture.registerModelOnFourFeatureRows(catalog).model();
  }

  @AfterEach
  void closeCatalog() {
    catalog.close();
  }

  @Test
  void thePageTheJsonAndMetricsShowNoDriftThenDriftOnceShiftedRowsLand() {
    FloeWebApp app =
        new FloeWebApp(WebConfig.defaults(dataDir).withToken(null).withPort(0), catalog, new InMemoryPipelineRuns());
    JavalinTest.test(app.javalin(), testConfig(), (server, client) -> {
      String version = model.modelVersion();
      String page = client.get("/models/" + version).body().string();
      assertThat(page)
          .contains("<div id=\"model-drift\">")
          .contains("No drift")
          .contains("<table id=\"drift\">")
          .contains("Share of rows per bin of spending_mean_7d")
          .contains("href=\"/api/models/" + version + "/drift\"");
      JsonNode report = json(client.get("/api/models/" + version + "/drift"));
      assertThat(report.get("drifted").asBoolean()).isFalse();
      assertThat(report.get("features").get(0).get("psi").asDouble()).isZero();
      // The model's window is the one date 2025-09-02: two rows.
      assertThat(report.get("features").get(0).get("reference_rows").asLong()).isEqualTo(2);
      assertThat(driftLine(client.get("/metrics").body().string(), "psi")).isEqualTo(0.0);

      // Two later days, spending ten times higher.
      TableFixture.appendFeatures(catalog,
          "(1, '2025-09-03', 100.00), (2, '2025-09-03', 125.00), (1, '2025-09-04', 110.00), (2, '2025-09-04', 901.00)",
          model.rawEventsSnapshotId(), new CommitLineage("wf-2", "run-2", "featurize"));
      assertThat(client.get("/models/" + version).body().string()).contains("Drifted");
      JsonNode drifted = json(client.get("/api/models/" + version + "/drift"));
      assertThat(drifted.get("drifted").asBoolean()).isTrue();
      assertThat(drifted.get("current_window_start").asText()).isEqualTo("2025-09-04");
      assertThat(drifted.get("features").get(0).get("current_rows").asLong()).isEqualTo(2);
      assertThat(drifted.get("features").get(0).get("ks_statistic").asDouble()).isEqualTo(1.0);
      // The model's own snapshot, named: the first report again.
      assertThat(json(client.get("/api/models/" + version + "/drift?snapshot=" + model.featureSnapshotId())))
          .isEqualTo(report);
      String metrics = client.get("/metrics").body().string();
      assertThat(metrics).contains("# TYPE floe_feature_drift_psi gauge").contains("# TYPE floe_feature_drift_ks gauge");
      double psi = driftLine(metrics, "psi");
      assertThat(psi).isEqualTo(drifted.get("features").get(0).get("psi").asDouble()).isGreaterThan(0.2);
      assertThat(driftLine(metrics, "ks")).isEqualTo(drifted.get("features").get(0).get("ks_statistic").asDouble());

      // Nothing changed since: a scrape reads no feature file (with every one gone, the lines stay).
      deleteFeatureFiles();
      assertThat(driftLine(client.get("/metrics").body().string(), "psi")).isEqualTo(psi);
    });
  }

  @Test
  void badDriftRequestsAreErrorsNamingTheField() {
    FloeWebApp app =
        new FloeWebApp(WebConfig.defaults(dataDir).withToken(null).withPort(0), catalog, new InMemoryPipelineRuns());
    JavalinTest.test(app.javalin(), testConfig(), (server, client) -> {
      String version = model.modelVersion();
      assertThat(client.get("/api/models/v19990101000000/drift").code()).isEqualTo(404);
      Response unknownSnapshot = client.get("/api/models/" + version + "/drift?snapshot=42");
      assertThat(unknownSnapshot.code()).isEqualTo(404);
      assertThat(json(unknownSnapshot).get("error").asText()).isEqualTo("Snapshot 42 does not exist in table user_features");
      Response badSnapshot = client.get("/api/models/" + version + "/drift?snapshot=latest");
      assertThat(badSnapshot.code()).isEqualTo(400);
      assertThat(json(badSnapshot).get("field").asText()).isEqualTo("snapshot");
      Response badPsi = client.get("/api/models/" + version + "/drift?psi_threshold=-1");
      assertThat(badPsi.code()).isEqualTo(400);
      assertThat(json(badPsi).get("field").asText()).isEqualTo("psi_threshold");
      Response badKs = client.get("/api/models/" + version + "/drift?ks_threshold=2");
      assertThat(badKs.code()).isEqualTo(400);
      assertThat(json(badKs).get("field").asText()).isEqualTo("ks_threshold");
      assertThat(json(badKs).get("error").asText()).contains("Invalid KS threshold 2.0");
    });
  }

  /** The value of the one drift gauge line of {@code measure}, for this model's one feature. */
  private double driftLine(String metrics, String measure) {
    Matcher line = Pattern.compile("floe_feature_drift_" + measure
        + "\\{feature=\"spending_mean_7d\",model=\"" + model.modelVersion() + "\"} (\\S+)\\n").matcher(metrics);
    assertThat(line.find()).as("drift line of %s in %s", measure, metrics).isTrue();
    return Double.parseDouble(line.group(1));
  }

  private void deleteFeatureFiles() throws IOException {
    List<Path> files;
    try (Stream<Path> paths = Files.walk(dataDir)) {
      files = paths.filter(p -> p.toString().contains("user_features") && p.toString().endsWith(".parquet")).toList();
    }
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      Files.delete(file);
    }
  }

  private static JsonNode json(Response response) throws IOException {
    return FloeJson.mapper().readTree(response.body().string());
  }
}
