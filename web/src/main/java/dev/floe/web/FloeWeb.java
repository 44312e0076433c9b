package dev.floe.web;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.FloeCatalog;
import dev.floe.web.runs.PipelineRuns;
import io.javalin.Javalin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running dashboard: what {@code floe web} and {@code floe demo} start and later stop. */
public final class FloeWeb implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FloeWeb.class);

  private final FloeCatalog catalog;
  private final Javalin javalin;
  private final String url;

  private FloeWeb(FloeCatalog catalog, Javalin javalin, String url) {
    this.catalog = catalog;
    this.javalin = javalin;
    this.url = url;
  }

  /** Opens the data directory and serves the dashboard on the configured address. */
  public static FloeWeb start(WebConfig config, PipelineRuns runs) {
    requireNonNull(config, "config is null");
    requireNonNull(runs, "runs is null");
    FloeCatalog catalog = FloeCatalog.open(config.dataDir());
    try {
      Javalin javalin = new FloeWebApp(config, catalog, runs).javalin().start();
      String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
      String url = "http://" + host + ":" + javalin.port() + "/";
      LOG.info("Floe dashboard at {}", url);
      return new FloeWeb(catalog, javalin, url);
    } catch (RuntimeException e) {
      catalog.close();
      throw e;
    }
  }

  /** Where a browser finds the dashboard, e.g. {@code http://127.0.0.1:7070/}. */
  public String url() {
    return url;
  }

  public int port() {
    return javalin.port();
  }

  @Override
  public void close() {
    javalin.stop();
    catalog.close();
  }
}
