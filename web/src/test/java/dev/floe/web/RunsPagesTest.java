package dev.floe.web;

import static dev.floe.web.WebTesting.csrfCookie;
import static dev.floe.web.WebTesting.csrfField;
import static dev.floe.web.WebTesting.testConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.FloeCatalog;
import dev.floe.web.runs.InMemoryPipelineRuns;
import dev.floe.web.runs.RunRequest;
import dev.floe.web.runs.RunSource;
import dev.floe.web.runs.RunState;
import dev.floe.web.runs.RunView;
import dev.floe.workflows.FloeJson;
import io.javalin.testtools.FormBody;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunsPagesTest {
  @TempDir Path dataDir;
  @TempDir Path anomalyDir;

  private FloeCatalog catalog;
  private final InMemoryPipelineRuns runs = new InMemoryPipelineRuns();

  @BeforeEach
  void openCatalog() throws Exception {
    catalog = FloeCatalog.open(dataDir);
    Files.writeString(anomalyDir.resolve("single_user.json"), "[{\"user_id\": 42, \"day\": 5, \"multiplier\": 10, \"n\": 1}]");
    Files.writeString(anomalyDir.resolve("notes.txt"), "not an anomaly file");
  }

  @AfterEach
  void closeCatalog() {
    catalog.close();
  }

  private WebConfig config() {
    return WebConfig.defaults(dataDir).withToken(null).withPort(0).withAnomalyFilesDir(anomalyDir);
  }

  private FloeWebApp app(WebConfig config) {
    return new FloeWebApp(config, catalog, runs);
  }

  @Test
  void theFormStartsARunAndRedirectsToItsPage() {
    JavalinTest.test(app(config()).javalin(), testConfig(), (server, client) -> {
      Response form = client.get("/runs");
      assertThat(form.code()).isEqualTo(200);
      String page = form.body().string();
      assertThat(page).contains("single_user.json").doesNotContain("notes.txt");
      String cookie = csrfCookie(form.headers().get("Set-Cookie"));

      Response posted = client.request("/runs", request -> request
          .header("Cookie", cookie)
          .post(new FormBody.Builder()
              .add("csrf", csrfField(page))
              .add("source", "generate")
              .add("users", "500")
              .add("events", "20000")
              .add("days", "30")
              .add("end_date", "2025-09-17")
              .add("seed", "7")
              .add("anomaly_file", "single_user.json")
              .add("quantile", "0.99")
              .build()));

      assertThat(posted.code()).isEqualTo(303);
      assertThat(posted.headers().get("Location")).containsExactly("/runs/floe-pipeline-1");
      RunRequest started = runs.started().get(0);
      assertThat(started.source()).isEqualTo(RunSource.GENERATE);
      assertThat(started.users()).isEqualTo(500);
      assertThat(started.events()).isEqualTo(20_000L);
      assertThat(started.endDate()).isEqualTo(LocalDate.parse("2025-09-17"));
      assertThat(started.anomalyFile()).isEqualTo(anomalyDir.resolve("single_user.json").toAbsolutePath());
      assertThat(started.quantile()).isEqualTo(0.99);
      assertThat(started.windowStart()).isNull();

      Response runPage = client.get("/runs/floe-pipeline-1");
      assertThat(runPage.body().string())
          .contains("RUNNING")
          .contains("<meta http-equiv=\"refresh\" content=\"2\">")
          .contains("2025-09-17T10:00:00Z");
    });
  }

  @Test
  void aFormPostWithoutItsCsrfTokenStartsNothing() {
    JavalinTest.test(app(config()).javalin(), testConfig(), (server, client) -> {
      Response noToken = client.request("/runs", request -> request
          .post(new FormBody.Builder().add("source", "generate").build()));
      assertThat(noToken.code()).isEqualTo(403);
      assertThat(noToken.body().string()).contains("CSRF");

      Response form = client.get("/runs");
      String cookie = csrfCookie(form.headers().get("Set-Cookie"));
      Response wrongToken = client.request("/runs", request -> request
          .header("Cookie", cookie)
          .post(new FormBody.Builder().add("csrf", "forged-by-another-site").add("source", "generate").build()));
      assertThat(wrongToken.code()).isEqualTo(403);
      assertThat(runs.started()).isEmpty();
    });
  }

  @Test
  void invalidFieldsAreShownNextToTheirFieldsAndStartNothing() {
    JavalinTest.test(app(config()).javalin(), testConfig(), (server, client) -> {
      Response form = client.get("/runs");
      String cookie = csrfCookie(form.headers().get("Set-Cookie"));
      Response posted = client.request("/runs", request -> request
          .header("Cookie", cookie)
          .post(new FormBody.Builder()
              .add("csrf", csrfField(form.body().string()))
              .add("users", "many")
              .add("quantile", "1.5")
              .add("window_start", "2025-09-30")
              .add("window_end", "2025-09-01")
              .add("anomaly_file", "../../etc/passwd")
              .build()));

      assertThat(posted.code()).isEqualTo(400);
      String page = posted.body().string();
      assertThat(page)
          .contains("id=\"users-error\">expected a whole number, got &#39;many&#39;</div>")
          .contains("id=\"quantile-error\">must be above 0 and at most 1")
          .contains("id=\"window_start-error\">must not be after window_end 2025-09-01")
          .contains("id=\"anomaly_file-error\">unknown anomaly file; choose one of single_user.json")
          // What the user typed stays in the form, so only the wrong fields need fixing.
          .contains("value=\"many\"");
      assertThat(runs.started()).isEmpty();
    });
  }

  @Test
  void theApiStartsARunFromAJsonObjectIgnoringUnknownFields() {
    JavalinTest.test(app(config()).javalin(), testConfig(), (server, client) -> {
      Response created = postJson(client, "/api/runs",
          "{\"source\": \"generate\", \"users\": 100, \"events\": 5000, \"end_date\": \"2025-09-17\","
              + " \"anomaly_file\": \"single_user.json\", \"from_a_newer_client\": true}", request -> {});
      assertThat(created.code()).isEqualTo(201);
      JsonNode run = FloeJson.mapper().readTree(created.body().string());
      assertThat(run.get("workflow_id").asText()).isEqualTo("floe-pipeline-1");
      assertThat(run.get("state").asText()).isEqualTo("RUNNING");
      assertThat(runs.started().get(0).users()).isEqualTo(100);

      JsonNode listed = FloeJson.mapper().readTree(client.get("/api/runs").body().string());
      assertThat(listed).hasSize(1);
      assertThat(listed.get(0).get("planned_steps").toString())
          .isEqualTo("[\"generate\",\"featurize\",\"calibrate\",\"register\"]");
    });
  }

  @Test
  void theApiNamesTheFieldThatIsWrong() {
    JavalinTest.test(app(config()).javalin(), testConfig(), (server, client) -> {
      Response bad = postJson(client, "/api/runs", "{\"days\": \"soon\", \"seed\": 3}", request -> {});
      assertThat(bad.code()).isEqualTo(400);
      JsonNode error = FloeJson.mapper().readTree(bad.body().string());
      assertThat(error.get("error").asText()).isEqualTo("days: expected a whole number, got 'soon'");
      assertThat(error.get("field").asText()).isEqualTo("days");

      Response ingestWithoutFile = postJson(client, "/api/runs", "{\"source\": \"ingest\"}", request -> {});
      assertThat(FloeJson.mapper().readTree(ingestWithoutFile.body().string()).get("field").asText())
          .isEqualTo("ingest_file");

      Response notJson = postJson(client, "/api/runs", "{users: 3", request -> {});
      assertThat(notJson.code()).isEqualTo(400);
      assertThat(FloeJson.mapper().readTree(notJson.body().string()).get("field").asText()).isEqualTo("body");

      Response rejectedByTheOrchestrator =
          postJson(client, "/api/runs", "{\"source\": \"ingest\", \"ingest_file\": \"/data/missing.csv\"}", r -> {});
      assertThat(rejectedByTheOrchestrator.code()).isEqualTo(400);
      assertThat(rejectedByTheOrchestrator.body().string()).contains("does not exist");
      assertThat(runs.started()).isEmpty();
    });
  }

  @Test
  void anApiActionMustBeJson() {
    JavalinTest.test(app(config()).javalin(), testConfig(), (server, client) -> {
      Response form = client.request("/api/runs", request -> request
          .post(new FormBody.Builder().add("source", "generate").build()));
      assertThat(form.code()).isEqualTo(400);
      assertThat(form.body().string()).contains("\"field\":\"Content-Type\"");
      assertThat(runs.started()).isEmpty();
    });
  }

  @Test
  void withATokenConfiguredEveryActionNeedsIt() {
    WebConfig guarded = config().withToken("s3cret-token");
    JavalinTest.test(app(guarded).javalin(), testConfig(), (server, client) -> {
      assertThat(postJson(client, "/api/runs", "{}", request -> {}).code()).isEqualTo(403);
      assertThat(postJson(client, "/api/runs", "{}", r -> r.header("Authorization", "Bearer wrong")).code())
          .isEqualTo(403);
      assertThat(runs.started()).isEmpty();
      assertThat(postJson(client, "/api/runs", "{}", r -> r.header("Authorization", "Bearer s3cret-token")).code())
          .isEqualTo(201);

      Response form = client.get("/runs");
      String page = form.body().string();
      assertThat(page).contains("name=\"token\"");
      String cookie = csrfCookie(form.headers().get("Set-Cookie"));
      Response withoutToken = client.request("/runs", request -> request
          .header("Cookie", cookie)
          .post(new FormBody.Builder().add("csrf", csrfField(page)).build()));
      assertThat(withoutToken.code()).isEqualTo(403);
      Response withToken = client.request("/runs", request -> request
          .header("Cookie", cookie)
          .post(new FormBody.Builder().add("csrf", csrfField(page)).add("token", "s3cret-token").build()));
      assertThat(withToken.code()).isEqualTo(303);
      assertThat(runs.started()).hasSize(2);
    });
  }

  @Test
  void aRequestBodyOverTheLimitIsRefused() {
    JavalinTest.test(app(config()).javalin(), testConfig(), (server, client) -> {
      String huge = "{\"seed\": 1, \"padding\": \"" + "x".repeat((int) WebConfig.DEFAULT_MAX_REQUEST_BYTES) + "\"}";
      Response refused = postJson(client, "/api/runs", huge, request -> {});
      assertThat(refused.code()).isEqualTo(413);
      assertThat(refused.body().string()).startsWith("{\"error\":");
      assertThat(runs.started()).isEmpty();
    });
  }

  @Test
  void aFinishedRunLinksItsModelAndStopsRefreshing() {
    runs.put(new RunView("floe-pipeline-9", "run-9", RunState.RUNNING, "calibrate", List.of("generate", "featurize"),
        InMemoryPipelineRuns.STEPS, Instant.parse("2025-09-17T10:00:00Z"), null, null, null));
    runs.complete("floe-pipeline-9", "v20250917100003");
    JavalinTest.test(app(config()).javalin(), testConfig(), (server, client) -> {
      String page = client.get("/runs/floe-pipeline-9").body().string();
      assertThat(page)
          .contains("COMPLETED")
          .contains("href=\"/models/v20250917100003\"")
          .contains("3.00 s")
          .doesNotContain("http-equiv=\"refresh\"")
          // The embedded server has no UI to link to.
          .doesNotContain("Temporal UI");
    });
  }

  @Test
  void aRunLinksToTheTemporalUiWhereThereIsOne() {
    runs.put(new RunView("floe-pipeline-5", "0f1e2d3c", RunState.RUNNING, "featurize", List.of("generate"),
        InMemoryPipelineRuns.STEPS, Instant.parse("2025-09-17T10:00:00Z"), null, null, null));
    WebConfig withUi = config().withTemporalUi("http://temporal-ui.internal:8080/", "floe");
    JavalinTest.test(app(withUi).javalin(), testConfig(), (server, client) -> {
      assertThat(client.get("/runs/floe-pipeline-5").body().string())
          .contains("href=\"http://temporal-ui.internal:8080/namespaces/floe/workflows/floe-pipeline-5/0f1e2d3c/history\"");
    });
  }

  @Test
  void aFailedRunShowsItsErrorEscaped() {
    runs.put(new RunView("floe-pipeline-3", "run-3", RunState.FAILED, null, List.of("generate"),
        InMemoryPipelineRuns.STEPS, Instant.parse("2025-09-17T10:00:00Z"), Instant.parse("2025-09-17T10:00:02Z"),
        null, "Invalid anomaly spec for user <script>alert(1)</script>"));
    JavalinTest.test(app(config()).javalin(), testConfig(), (server, client) -> {
      String page = client.get("/runs/floe-pipeline-3").body().string();
      assertThat(page)
          .contains("FAILED")
          .contains("Invalid anomaly spec for user &lt;script&gt;alert(1)&lt;/script&gt;")
          .doesNotContain("<script>");
      Response unknown = client.get("/api/runs/nope");
      assertThat(unknown.code()).isEqualTo(404);
      assertThat(unknown.body().string()).isEqualTo("{\"error\":\"No run with workflow id nope\"}");
    });
  }

  private static Response postJson(
      io.javalin.testtools.HttpClient client, String path, String json,
      Consumer<io.javalin.testtools.Request.Builder> extra) {
    return client.request(path, request -> {
      request.header("Content-Type", "application/json").post(HttpRequest.BodyPublishers.ofString(json));
      extra.accept(request);
    });
  }
}
