package dev.floe.web;

import static dev.floe.web.WebTesting.testConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.web.runs.InMemoryPipelineRuns;
import dev.floe.workflows.FloeJson;
import io.javalin.testtools.JavalinTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad HTTP parameters and bodies, one each: every one answers a 4xx status with one JSON line
 * {"error": …} a person can act on (no Java class, no stack trace), and no table's history changes.
 */
class BadParametersCorpusTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dataDir;
  private FloeCatalog catalog;
  private String version;

  @BeforeEach
  void registerAModel() {
    catalog = FloeCatalog.open(dataDir);
    version = TableFixture.registerModelOnFourFeatureRows(catalog).model().modelVersion();
  }

  @AfterEach
  void closeCatalog() {
    catalog.close();
  }

  static Stream<Arguments> corpus() {
    String manyIds = LongStream.range(0, 1_001).mapToObj(Long::toString).collect(Collectors.joining(",", "{\"user_ids\": [", "]}"));
    return Stream.of(
        Arguments.of("GET", "/api/debug", null, 400),
        Arguments.of("GET", "/api/debug?model=MODEL&user=abc&amount=10", null, 400),
        Arguments.of("GET", "/api/debug?model=MODEL&user=1&amount=NaN", null, 400),
        Arguments.of("GET", "/api/debug?model=MODEL&user=1&amount=Infinity", null, 400),
        Arguments.of("GET", "/api/debug?model=MODEL&user=1&amount=1e999", null, 400),
        Arguments.of("GET", "/api/debug?model=MODEL&user=1&amount=10&as_of=2025-13-01", null, 400),
        Arguments.of("GET", "/api/debug?model=MODEL&user=1&amount=10&last_n=-1", null, 400),
        Arguments.of("GET", "/api/debug?model=MODEL&user=99999999999999999999&amount=10", null, 400),
        Arguments.of("GET", "/api/debug?model=v19990101000000&user=1&amount=10", null, 404),
        Arguments.of("GET", "/api/models/v19990101000000", null, 404),
        Arguments.of("GET", "/api/models/v19990101000000/reproduction", null, 404),
        Arguments.of("GET", "/features/online/abc", null, 400),
        Arguments.of("GET", "/features/online/99999999999999999999", null, 400),
        Arguments.of("POST", "/features/online", "not json", 400),
        Arguments.of("POST", "/features/online", "{\"user_ids\": \"seven\"}", 400),
        Arguments.of("POST", "/features/online", manyIds, 400),
        Arguments.of("GET", "/features/offline/1?as_of=yesterday", null, 400),
        Arguments.of("GET", "/features/offline/1?as_of=2025-09-02T00:00:00Z&known_at=soon", null, 400),
        Arguments.of("GET", "/api/snapshots/no_such_table", null, 404),
        Arguments.of("GET", "/api/snapshots/raw_events/abc", null, 400),
        Arguments.of("POST", "/api/runs", "{", 400),
        Arguments.of("POST", "/api/runs", "[1, 2]", 400),
        Arguments.of("POST", "/api/runs", "{\"source\": \"kafka\"}", 400),
        Arguments.of("POST", "/api/runs", "{\"source\": \"generate\", \"events\": -5}", 400),
        Arguments.of("POST", "/training-set", "", 400));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("corpus")
  void isRefusedWithOneJsonErrorAndChangesNoHistory(String method, String path, String body, int status) {
    Map<FloeTable, String> before = history();
    FloeWebApp app =
        new FloeWebApp(WebConfig.defaults(dataDir).withToken(null).withPort(0), catalog, new InMemoryPipelineRuns());
    JavalinTest.test(app.javalin(), testConfig(), (server, client) -> {
      String target = path.replace("MODEL", version);
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(client.getOrigin() + target));
      if (method.equals("POST")) {
        request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
      }
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());

      String text = response.body();
      assertThat(response.statusCode()).as("%s %s: %s", method, target, text).isEqualTo(status);
      JsonNode error = FloeJson.mapper().readTree(text);
      assertThat(error.get("error").asText()).isNotBlank().doesNotContain("\n").doesNotContain("Exception")
          .doesNotContain("dev.floe").doesNotContain("\tat ");
    });
    assertThat(history()).isEqualTo(before);
  }

  private Map<FloeTable, String> history() {
    Map<FloeTable, String> history = new EnumMap<>(FloeTable.class);
    for (FloeTable floeTable : FloeTable.values()) {
      if (catalog.exists(floeTable)) {
        Table table = catalog.load(floeTable);
        table.refresh();
        List<Long> ids = new ArrayList<>();
        for (Snapshot snapshot : table.snapshots()) {
          ids.add(snapshot.snapshotId());
        }
        history.put(floeTable, ids + " " + table.refs().keySet());
      }
    }
    return history;
  }
}
