package dev.floe.worker;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.floe.error.InvalidInputException;
import dev.floe.metrics.FloeMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics} of a process without a dashboard, such as {@code floe worker}: the JDK's own
 * HTTP server on loopback, one thread, answering a Prometheus scrape and nothing else.
 */
final class MetricsEndpoint implements AutoCloseable {
  private final HttpServer server;

  private MetricsEndpoint(HttpServer server) {
    this.server = server;
  }

  /** Serves {@code metrics} at {@code http://127.0.0.1:port/metrics}; port 0 picks a free one. */
  static MetricsEndpoint start(int port, FloeMetrics metrics) {
    requireNonNull(metrics, "metrics is null");
    if (port < 0 || port > 65_535) {
      throw new InvalidInputException("--metrics-port " + port + " is not a port number (0 to 65535)");
    }
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (BindException e) {
      throw new InvalidInputException("--metrics-port " + port + " is in use: choose another, or 0 for a free one");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot serve metrics on port " + port, e);
    }
    server.createContext("/metrics", exchange -> answer(exchange, metrics));
    server.start();
    return new MetricsEndpoint(server);
  }

  private static void answer(HttpExchange exchange, FloeMetrics metrics) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod()) || !"/metrics".equals(exchange.getRequestURI().getPath())) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", FloeMetrics.PROMETHEUS_CONTENT_TYPE);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/metrics";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
