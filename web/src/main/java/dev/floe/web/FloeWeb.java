package dev.floe.web;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.CatalogSettings;
import dev.floe.catalog.FloeCatalog;
import dev.floe.metrics.FloeMetrics;
import dev.floe.web.runs.PipelineRuns;
import dev.floe.serving.OnlineMaterializer;
import dev.floe.serving.OnlineStore;
import dev.floe.serving.OnlineStores;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running dashboard: what {@code floe web} and {@code floe demo} start and later stop. */
public final class FloeWeb implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FloeWeb.class);

  /**
   * How often this process looks for a new user_features snapshot to serve, when it writes the
   * online store. Short, so a commit is online in well under a second: a check that finds nothing
   * new is one catalog read of the table's metadata location (one SQLite row, tens of
   * microseconds; see BENCHMARKS.md), and a new snapshot is read only once.
   */
  static final Duration MATERIALIZE_INTERVAL = Duration.ofMillis(100);

  private final FloeCatalog catalog;
  private final OnlineStore onlineStore;
  private final OnlineMaterializer materializer;
  private final Javalin javalin;
  private final String url;

  private FloeWeb(FloeCatalog catalog, OnlineStore onlineStore, OnlineMaterializer materializer, Javalin javalin,
      String url) {
    this.catalog = catalog;
    this.onlineStore = onlineStore;
    this.materializer = materializer;
    this.javalin = javalin;
    this.url = url;
  }

  /**
   * Opens the data directory and serves the dashboard on the configured address, with the online
   * store the config names; when this process writes that store, each new user_features snapshot
   * is served within a fraction of a second of its commit.
   */
  public static FloeWeb start(WebConfig config, PipelineRuns runs) {
    return start(config, runs, FloeMetrics.newRegistry());
  }

  /** As above; /metrics scrapes {@code metricsRegistry}, the process's one registry. */
  public static FloeWeb start(WebConfig config, PipelineRuns runs, PrometheusMeterRegistry metricsRegistry) {
    return start(config, runs, metricsRegistry, CatalogSettings.embedded());
  }

  /** As above, on the catalog {@code catalogSettings} names (the data directory holds its cache). */
  public static FloeWeb start(
      WebConfig config,
      PipelineRuns runs,
      PrometheusMeterRegistry metricsRegistry,
      CatalogSettings catalogSettings) {
    requireNonNull(config, "config is null");
    requireNonNull(runs, "runs is null");
    FloeCatalog catalog = FloeCatalog.open(config.dataDir(), catalogSettings);
    OnlineStore onlineStore;
    try {
      onlineStore = OnlineStores.open(config.onlineServing().store());
    } catch (RuntimeException e) {
      catalog.close();
      throw e;
    }
    // Null where another process (the pipeline's materialize step) writes the store.
    OnlineMaterializer materializer =
        config.onlineServing().writer() == OnlineServing.Writer.THIS_PROCESS
            ? new OnlineMaterializer(catalog, onlineStore)
            : null;
    try {
      if (materializer != null) {
        materializer.startPolling(MATERIALIZE_INTERVAL);
      }
      Javalin javalin = new FloeWebApp(config, catalog, runs, onlineStore, metricsRegistry).javalin().start();
      String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
      String url = "http://" + host + ":" + javalin.port() + "/";
      LOG.info("Floe dashboard at {}", url);
      return new FloeWeb(catalog, onlineStore, materializer, javalin, url);
    } catch (RuntimeException e) {
      if (materializer != null) {
        materializer.close();
      }
      onlineStore.close();
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
    if (materializer != null) {
      materializer.close();
    }
    onlineStore.close();
    catalog.close();
  }
}
