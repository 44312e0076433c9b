package dev.floe.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/** Scrapes a /metrics endpoint as Prometheus would, for the tests of what it holds. */
final class MetricsScrape {
  private MetricsScrape() {}

  /**
   * The scrape once it holds {@code expected}, or the last one after 15 s: the Temporal SDK hands
   * its metrics to the registry every second, so a run's SDK metrics appear a moment after it ends.
   */
  static String awaitContaining(String url, String expected) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).build();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
    String body;
    do {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("text/plain"));
      body = response.body();
      if (body.contains(expected)) {
        return body;
      }
      Thread.sleep(200);
    } while (Instant.now().isBefore(deadline));
    return body;
  }
}
