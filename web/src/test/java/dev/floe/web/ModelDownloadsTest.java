package dev.floe.web;

import static dev.floe.web.WebTesting.testConfig;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.web.runs.InMemoryPipelineRuns;
import dev.floe.workflows.ModelCard;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.iceberg.Snapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDownloadsTest {
  @TempDir Path dataDir;

  private FloeCatalog catalog;
  private ModelCard model;

  @BeforeEach
  void registerAModel() {
    catalog = FloeCatalog.open(dataDir);
    model = TableFixture.registerModelOnFourFeatureRows(catalog).model();
    // Data that lands after the model must not reach its downloads.
    Snapshot laterRaw = TableFixture.appendRawEvents(catalog, 30, 5, new CommitLineage("wf-2", "run-2", "generate"));
    TableFixture.appendFeatures(catalog, "(1, '2025-09-02', 99.99), (3, '2025-09-02', 1.00)", laterRaw.snapshotId(),
        new CommitLineage("wf-2", "run-2", "featurize"));
  }

  @AfterEach
  void closeCatalog() {
    catalog.close();
  }

  private FloeWebApp app() {
    return new FloeWebApp(WebConfig.defaults(dataDir).withToken(null).withPort(0), catalog, new InMemoryPipelineRuns());
  }

  @Test
  void theTrainingDataDownloadIsExactlyTheModelsWindowOfItsSnapshot() {
    JavalinTest.test(app().javalin(), testConfig(), (server, client) -> {
      String version = model.modelVersion();
      Response csv = client.get("/models/" + version + "/training-data.csv");
      assertThat(csv.code()).isEqualTo(200);
      assertThat(csv.headers().get("Content-Disposition").get(0))
          .isEqualTo("attachment; filename=\"" + version + "-training-data.csv\"");
      assertThat(csv.body().string().lines().toList())
          .containsExactly("user_id,dt,spending_mean_7d", "1,2025-09-02,11.00", "2,2025-09-02,90.10");

      List<String> rawLines = client.get("/models/" + version + "/raw-data.csv").body().string().lines().toList();
      assertThat(rawLines.get(0)).isEqualTo("id,user_id,amount,vendor_id,event_timestamp");
      assertThat(rawLines).hasSize(1 + 30);

      assertThat(client.get("/models/" + version).body().string())
          .contains("href=\"/models/" + version + "/training-data.parquet\"")
          .contains("href=\"/models/" + version + "/raw-data.csv\"");
    });
  }

  @Test
  void theParquetDownloadIsAParquetFile() {
    JavalinTest.test(app().javalin(), testConfig(), (server, client) -> {
      HttpResponse<byte[]> parquet = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(client.getOrigin() + "/models/" + model.modelVersion() + "/raw-data.parquet"))
              .build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(parquet.statusCode()).isEqualTo(200);
      byte[] body = parquet.body();
      assertThat(new String(Arrays.copyOfRange(body, 0, 4))).isEqualTo("PAR1");
      assertThat(new String(Arrays.copyOfRange(body, body.length - 4, body.length))).isEqualTo("PAR1");
    });
  }

  @Test
  void anUnknownFileOrModelIsNotFound() {
    JavalinTest.test(app().javalin(), testConfig(), (server, client) -> {
      Response unknownFile = client.get("/models/" + model.modelVersion() + "/secrets.csv");
      assertThat(unknownFile.code()).isEqualTo(404);
      assertThat(unknownFile.body().string()).contains("training-data.csv");
      Response unknownModel = client.get("/models/v19990101000000/training-data.csv");
      assertThat(unknownModel.code()).isEqualTo(404);
      assertThat(unknownModel.body().string()).contains("v19990101000000");
    });
  }
}
