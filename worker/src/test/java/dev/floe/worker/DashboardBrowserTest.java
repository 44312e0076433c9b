package dev.floe.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.FloeCatalog;
import dev.floe.detect.DebugReport;
import dev.floe.detect.DebugRequest;
import dev.floe.detect.Detector;
import dev.floe.web.WebConfig;
import dev.floe.workflows.FloeJson;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in a real headless Chromium: start a small run from the form, watch it finish,
 * then read the model and debug pages it made. Uses Debian's chromium and chromium-driver; without
 * them the test is skipped, except on CI (CI=true), where it fails.
 */
class DashboardBrowserTest {
  private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROME_BIN", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER =
      Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
  private static final Path SCREENSHOTS = Path.of("..", "web", "target", "screenshots");
  private static final Duration RUN_DEADLINE = Duration.ofMinutes(3);

  @TempDir Path temp;

  private WebCommand.Dashboard dashboard;
  private ChromeDriver browser;
  private String base;

  @BeforeEach
  void startDashboardAndBrowser() throws IOException {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      String missing = "Chromium (" + CHROMIUM + ") or chromedriver (" + CHROMEDRIVER + ") is not installed:"
          + " apt-get install -y chromium chromium-driver";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(missing);
      }
      Assumptions.abort(missing);
    }
    WebConfig config = WebConfig.defaults(temp.resolve("data")).withToken(null).withPort(0)
        .withAnomalyFilesDir(Path.of("..", "anomaly_files"));
    dashboard = WebCommand.Dashboard.start(config, null);
    base = "http://127.0.0.1:" + dashboard.web().port();

    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--window-size=1280,1400", "--user-data-dir=" + Files.createDirectories(temp.resolve("chromium")));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (dashboard != null) {
      dashboard.close();
    }
  }

  @Test
  void aRunStartedFromTheFormTrainsAModelWhoseDecisionsTheDebugPageExplains() throws Exception {
    browser.get(base + "/");
    screenshot("1-overview-empty");

    browser.get(base + "/runs");
    browser.findElement(By.id("users")).sendKeys("200");
    browser.findElement(By.id("events")).sendKeys("5000");
    screenshot("2-run-form");
    browser.findElement(By.id("start-run")).click();

    assertThat(browser.getCurrentUrl()).contains("/runs/floe-pipeline-");
    String status = awaitClosed();
    screenshot("3-run-finished");
    assertThat(status).as("run status; error: %s", textOrEmpty("run-error")).isEqualTo("COMPLETED");
    assertThat(browser.findElement(By.tagName("main")).getText())
        .contains("generate → featurize → calibrate → register");

    WebElement modelLink = browser.findElement(By.cssSelector("#run-model a"));
    String modelVersion = modelLink.getText();
    modelLink.click();
    JsonNode model = getJson("/api/models/" + modelVersion).get("model");
    String threshold = browser.findElement(By.id("model-threshold")).getText();
    assertThat(threshold).matches("\\d+\\.\\d{2}")
        .isEqualTo(String.format("%.2f", model.get("decision_threshold").asDouble()));
    String lineage = browser.findElement(By.id("model-lineage")).getText();
    assertThat(lineage).contains(model.get("feature_snapshot_id").asText())
        .contains(model.get("raw_events_snapshot_id").asText());
    assertThat(browser.findElement(By.id("model-card")).getText())
        .contains(model.get("training_window_start").asText())
        .contains(model.get("training_window_end").asText());
    screenshot("4-model");

    long user = aUserWithHistory();
    browser.get(base + "/debug");
    browser.findElement(By.id("user")).sendKeys(Long.toString(user));
    browser.findElement(By.id("amount")).sendKeys("100000.00");
    browser.findElement(By.id("debug-submit")).click();
    assertThat(browser.findElement(By.id("decision")).getText()).isEqualTo("Anomaly");
    assertThat(browser.findElement(By.id("why")).getText()).isNotBlank();
    List<WebElement> historyRows = browser.findElements(By.cssSelector("#history tbody tr"));
    assertThat(historyRows).isNotEmpty();
    assertThat(historyRows.get(0).getText()).containsPattern("\\d{4}-\\d{2}-\\d{2}");
    assertThat(browser.findElement(By.cssSelector("svg.chart title")).getAttribute("textContent"))
        .startsWith("Feature history");
    assertThat(browser.findElement(By.tagName("main")).getText()).contains("(off scale ↑)");
    screenshot("5-debug-anomaly");

    // The dashboard answers from its in-memory index; the answer must be the one a scan gives.
    JsonNode served = getJson("/api/debug?model=" + modelVersion + "&user=" + user + "&amount=25.00");
    try (FloeCatalog catalog = FloeCatalog.open(temp.resolve("data"))) {
      DebugReport scanned = new Detector(catalog).debug(
          new DebugRequest(modelVersion, user, new BigDecimal("25.00"), null, DebugRequest.DEFAULT_LAST_N));
      assertThat(served).isEqualTo(FloeJson.mapper().readTree(FloeJson.mapper().writeValueAsString(scanned)));
    }

    browser.get(base + "/debug?model=" + modelVersion + "&user=" + user + "&amount=25.00");
    assertThat(browser.findElement(By.id("decision")).getText()).isIn("Anomaly", "Not an anomaly");
    assertThat(browser.findElement(By.tagName("main")).getText()).doesNotContain("off scale");
    screenshot("5b-debug-typical-amount");

    browser.get(base + "/");
    assertThat(browser.findElement(By.tagName("main")).getText()).contains(modelVersion);
    screenshot("6-overview-after-run");
    browser.get(base + "/runs");
    screenshot("7-runs");
    browser.get(base + "/snapshots/raw_events");
    screenshot("8-snapshots");
  }

  /** Reloads the run page (it also refreshes itself) until the run is no longer RUNNING. */
  private String awaitClosed() throws InterruptedException {
    Instant deadline = Instant.now().plus(RUN_DEADLINE);
    while (Instant.now().isBefore(deadline)) {
      String status = textOrEmpty("run-status");
      if (!status.isEmpty() && !status.equals("RUNNING")) {
        return status;
      }
      Thread.sleep(1_000);
      browser.navigate().refresh();
    }
    throw new AssertionError("The run did not finish within " + RUN_DEADLINE);
  }

  private String textOrEmpty(String id) {
    try {
      return browser.findElement(By.id(id)).getText();
    } catch (NoSuchElementException e) {
      return "";
    }
  }

  /** A user with features now, found through the serving API the same server mounts. */
  private long aUserWithHistory() throws Exception {
    for (long user = 0; user < 200; user++) {
      HttpResponse<String> response = get("/features/offline/" + user + "?as_of=" + Instant.now());
      if (response.statusCode() == 200 && FloeJson.mapper().readTree(response.body()).hasNonNull("dt")) {
        return user;
      }
    }
    throw new AssertionError("No user has features now");
  }

  private JsonNode getJson(String path) throws Exception {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
    return FloeJson.mapper().readTree(response.body());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void screenshot(String name) throws IOException {
    Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }
}
