package dev.floe.web;

import static dev.floe.web.WebTesting.testConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.FloeCatalog;
import dev.floe.web.runs.InMemoryPipelineRuns;
import dev.floe.workflows.FloeJson;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErrorsAndEscapingTest {
  private static final String SCRIPT = "<script>alert(1)</script>";
  private static final String SCRIPT_IN_URL = "%3Cscript%3Ealert(1)%3C%2Fscript%3E";

  @TempDir Path dataDir;

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
  void aUserIdThatIsAScriptIsA400NamingTheFieldAndIsEscaped() {
    JavalinTest.test(app().javalin(), testConfig(), (server, client) -> {
      Response api = client.get("/api/debug?model=v1&user=" + SCRIPT_IN_URL + "&amount=10");
      assertThat(api.code()).isEqualTo(400);
      assertThat(api.headers().get("Content-Type").get(0)).startsWith("application/json");
      JsonNode error = FloeJson.mapper().readTree(api.body().string());
      assertThat(error.get("field").asText()).isEqualTo("user");
      assertThat(error.get("error").asText()).isEqualTo("user: expected a whole number, got '" + SCRIPT + "'");

      Response page = client.get("/debug?model=v1&user=" + SCRIPT_IN_URL + "&amount=10");
      assertThat(page.code()).isEqualTo(400);
      assertThat(page.body().string())
          .contains("user: expected a whole number, got &#39;&lt;script&gt;alert(1)&lt;/script&gt;&#39;")
          .doesNotContain(SCRIPT);
    });
  }

  @Test
  void aModelVersionThatIsAScriptIsA404AndIsEscaped() {
    JavalinTest.test(app().javalin(), testConfig(), (server, client) -> {
      Response page = client.get("/models/" + SCRIPT_IN_URL);
      assertThat(page.code()).isEqualTo(404);
      assertThat(page.body().string()).contains("&lt;script&gt;").doesNotContain(SCRIPT);

      Response api = client.get("/api/models/" + SCRIPT_IN_URL);
      assertThat(api.code()).isEqualTo(404);
      assertThat(FloeJson.mapper().readTree(api.body().string()).get("error").asText()).isNotBlank();
    });
  }

  @Test
  void missingAndMalformedDebugParametersNameTheirField() {
    JavalinTest.test(app().javalin(), testConfig(), (server, client) -> {
      assertThat(field(client.get("/api/debug?user=1&amount=10"))).isEqualTo("model");
      assertThat(field(client.get("/api/debug?model=v1&amount=10"))).isEqualTo("user");
      assertThat(field(client.get("/api/debug?model=v1&user=1"))).isEqualTo("amount");
      assertThat(field(client.get("/api/debug?model=v1&user=1&amount=ten"))).isEqualTo("amount");
      assertThat(field(client.get("/api/debug?model=v1&user=1&amount=10&as_of=yesterday"))).isEqualTo("as_of");
      assertThat(field(client.get("/api/debug?model=v1&user=1&amount=10&last_n=0"))).isEqualTo("last_n");
    });
  }

  @Test
  void unknownPathsAre404sAndNoErrorShowsAStackTrace() {
    JavalinTest.test(app().javalin(), testConfig(), (server, client) -> {
      Response api = client.get("/api/nothing-here");
      assertThat(api.code()).isEqualTo(404);
      assertThat(api.body().string()).isEqualTo("{\"error\":\"Nothing at /api/nothing-here\"}");
      Response page = client.get("/nothing-here");
      assertThat(page.code()).isEqualTo(404);
      assertThat(page.body().string()).contains("Nothing at /nothing-here").doesNotContain("Exception").doesNotContain("\tat ");
    });
  }

  @Test
  void everyPageForbidsScriptsAndFraming() {
    JavalinTest.test(app().javalin(), testConfig(), (server, client) -> {
      Response page = client.get("/");
      assertThat(page.code()).isEqualTo(200);
      assertThat(page.headers().get("Content-Security-Policy").get(0))
          .contains("default-src 'none'")
          .contains("frame-ancestors 'none'");
      assertThat(page.body().string()).doesNotContain("<script");
    });
  }

  private static String field(Response response) throws Exception {
    assertThat(response.code()).isEqualTo(400);
    return FloeJson.mapper().readTree(response.body().string()).get("field").asText();
  }
}
