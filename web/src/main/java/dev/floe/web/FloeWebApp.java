package dev.floe.web;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.FloeCatalog;
import dev.floe.features.registry.FeatureRegistry;
import dev.floe.detect.Detector;
import dev.floe.error.EmptyWindowException;
import dev.floe.error.FloeException;
import dev.floe.error.InvalidInputException;
import dev.floe.error.NotFoundException;
import dev.floe.error.StorageException;
import dev.floe.error.StorageFailures;
import dev.floe.drift.FeatureDrift;
import dev.floe.metrics.FeatureDriftMetrics;
import dev.floe.metrics.FloeMetrics;
import dev.floe.models.ModelData;
import dev.floe.models.ModelRegistry;
import dev.floe.models.ModelReproducer;
import dev.floe.pointintime.TrainingSetBuilder;
import dev.floe.serving.EmbeddedOnlineStore;
import dev.floe.serving.FeatureServingApi;
import dev.floe.serving.OnlineFeatureService;
import dev.floe.serving.OnlineStore;
import dev.floe.web.render.Html;
import dev.floe.web.render.Page;
import dev.floe.web.runs.PipelineRuns;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard and its JSON API as a Javalin application, built from its dependencies: every page
 * under {@code /…} has its data under {@code /api/…}. Errors are mapped here, once: 400 naming the
 * field, 403, 404, and a 500 that says where to look, never a stack trace.
 */
public final class FloeWebApp {
  private static final Logger LOG = LoggerFactory.getLogger(FloeWebApp.class);

  /** No script anywhere; styles are inline; forms post only here; no framing. */
  private static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; "
          + "frame-ancestors 'none'; base-uri 'none'";

  private final WebConfig config;
  private final OverviewHandler overview;
  private final RunsHandler runs;
  private final ModelsHandler models;
  private final DebugHandler debug;
  private final SnapshotsHandler snapshots;
  private final FeaturesHandler features;
  private final ServingHandler serving;
  private final TrainingSetHandler trainingSets;

  /** An app whose online features come from a store of its own, empty until something publishes to it. */
  public FloeWebApp(WebConfig config, FloeCatalog catalog, PipelineRuns pipelineRuns) {
    this(config, catalog, pipelineRuns, new EmbeddedOnlineStore());
  }

  /** {@code onlineStore} serves GET/POST /features/online; the caller keeps it fed and closes it. */
  public FloeWebApp(WebConfig config, FloeCatalog catalog, PipelineRuns pipelineRuns, OnlineStore onlineStore) {
    this(config, catalog, pipelineRuns, onlineStore, FloeMetrics.newRegistry());
  }

  /**
   * As above, with the process's metrics registry: /metrics scrapes it, so whatever else reports
   * there (the Temporal SDK, an embedded worker's runs and steps) is served beside the freshness.
   */
  public FloeWebApp(WebConfig config, FloeCatalog catalog, PipelineRuns pipelineRuns, OnlineStore onlineStore,
      PrometheusMeterRegistry metricsRegistry) {
    this.config = requireNonNull(config, "config is null");
    requireNonNull(catalog, "catalog is null");
    requireNonNull(pipelineRuns, "pipelineRuns is null");
    ActionGuard guard = new ActionGuard(config.token());
    ModelRegistry registry = new ModelRegistry(catalog);
    TableSnapshots tableSnapshots = new TableSnapshots(catalog);
    ModelCatalog modelCatalog = new ModelCatalog(catalog, registry);
    // One drift source, whose kept reports the model pages and /metrics share.
    FeatureDrift drift = new FeatureDrift(catalog);

    this.runs = new RunsHandler(pipelineRuns, guard, config);
    this.trainingSets = new TrainingSetHandler(new TrainingSetBuilder(catalog), guard, config.maxLabelUploadBytes());
    this.models = new ModelsHandler(modelCatalog, new ModelTrainingData(catalog), new ModelDownloads(new ModelData(catalog)),
        new ModelReproductions(new ModelReproducer(catalog)), drift);
    this.debug = new DebugHandler(new DebugReports(catalog, new Detector(catalog), modelCatalog), modelCatalog);
    this.snapshots = new SnapshotsHandler(tableSnapshots);
    this.features = new FeaturesHandler(new FeatureRegistry(catalog));
    requireNonNull(onlineStore, "onlineStore is null");
    Duration ttl = OnlineFeatureService.DEFAULT_TTL;
    // One metrics source feeds both the overview's freshness and /metrics, so they never disagree.
    FloeMetrics metrics = new FloeMetrics(catalog, onlineStore, ttl, Clock.systemUTC(), metricsRegistry);
    this.overview = new OverviewHandler(tableSnapshots, modelCatalog, pipelineRuns, metrics::report);
    this.serving = new ServingHandler(
        new FeatureServingApi(catalog, new OnlineFeatureService(onlineStore, ttl, Clock.systemUTC())),
        metrics, new FeatureDriftMetrics(catalog, drift, metricsRegistry));
  }

  /** The application, configured and not yet started. */
  public Javalin javalin() {
    return Javalin.create(javalin -> {
      javalin.startup.showJavalinBanner = false;
      javalin.http.maxRequestSize = config.maxRequestBytes();
      javalin.jetty.host = config.host();
      javalin.jetty.port = config.port();
      javalin.jetty.threadPool = threadPool();
      javalin.routes.before(ctx -> {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
      });
      // Javalin tries a method's routes in the order they were added, one regex each: the feature
      // lookups, the hottest routes, come first.
      serving.register(javalin.routes);
      overview.register(javalin.routes);
      runs.register(javalin.routes);
      models.register(javalin.routes);
      debug.register(javalin.routes);
      snapshots.register(javalin.routes);
      features.register(javalin.routes);
      trainingSets.register(javalin.routes);
      javalin.routes.exception(InvalidParameterException.class,
          (e, ctx) -> fail(ctx, 400, e.getMessage(), e.field()));
      javalin.routes.exception(InvalidInputException.class, (e, ctx) -> fail(ctx, 400, e.getMessage(), null));
      javalin.routes.exception(EmptyWindowException.class, (e, ctx) -> fail(ctx, 400, e.getMessage(), null));
      javalin.routes.exception(NotFoundException.class, (e, ctx) -> fail(ctx, 404, e.getMessage(), null));
      javalin.routes.exception(AccessDeniedException.class, (e, ctx) -> fail(ctx, 403, e.getMessage(), null));
      javalin.routes.exception(UploadTooLargeException.class, (e, ctx) -> fail(ctx, 413, e.getMessage(), null));
      javalin.routes.exception(HttpResponseException.class,
          (e, ctx) -> fail(ctx, e.getStatus(), describe(e, ctx), null));
      javalin.routes.exception(StorageException.class, (e, ctx) -> unavailable(ctx, e));
      javalin.routes.exception(FloeException.class, (e, ctx) -> {
        LOG.warn("{} failed: {}", ctx.path(), e.getMessage(), e);
        fail(ctx, 500, e.getMessage(), null);
      });
      javalin.routes.exception(Exception.class, (e, ctx) -> {
        Optional<FloeException> storage = StorageFailures.recognise(e);
        if (storage.isPresent()) {
          unavailable(ctx, storage.get());
          return;
        }
        LOG.error("{} failed", ctx.path(), e);
        fail(ctx, 500, "Internal error while serving " + ctx.path() + "; the server log has the details", null);
      });
      javalin.routes.error(404, ctx -> {
        if (!Responses.hasBody(ctx)) {
          fail(ctx, 404, "Nothing at " + ctx.path(), null);
        }
      });
    });
  }

  /**
   * Request threads in proportion to the cores. Javalin's default pool grows to 250 threads, one
   * per connection with a request in flight; on two cores fifty of them only take turns, and the
   * scheduler's time slices become the latency tail (measured in BENCHMARKS.md). A queue in front
   * of a few threads serves the same requests first come, first served. Blocking pages (DuckDB
   * queries, a training-set upload) still have threads to spare.
   */
  static QueuedThreadPool threadPool() {
    int threads = Math.max(16, 4 * Runtime.getRuntime().availableProcessors());
    QueuedThreadPool pool = new QueuedThreadPool(threads, 4, 60_000);
    pool.setName("floe-web");
    return pool;
  }

  private static String describe(HttpResponseException e, Context ctx) {
    if (e.getStatus() == 404) {
      return "Nothing at " + ctx.path();
    }
    if (e.getStatus() == 413) {
      return "Request body too large";
    }
    return e.getMessage() == null || e.getMessage().isBlank() ? "HTTP " + e.getStatus() : e.getMessage();
  }

  /**
   * Storage that failed underneath (Redis down, the catalog locked, the disk full) is possibly
   * transient: a 503 naming it, which clients and load balancers know to retry, and the process
   * keeps serving what it can; it recovers by itself once the storage is back.
   */
  private static void unavailable(Context ctx, FloeException e) {
    LOG.warn("{} failed: {}", ctx.path(), e.getMessage());
    ctx.header("Retry-After", "1");
    fail(ctx, 503, e.getMessage(), null);
  }

  private static void fail(Context ctx, int status, String message, String field) {
    ctx.status(status);
    if (Responses.wantsJson(ctx)) {
      Responses.json(ctx, new ErrorBody(message, field, null));
      return;
    }
    Html body = new Html().raw("<div class=\"card\"><p class=\"error\">").text(message).raw("</p>");
    if (field != null) {
      body.raw("<p class=\"muted\">Field: <code>").text(field).raw("</code></p>");
    }
    body.raw("<p><a href=\"/\">Back to the overview</a></p></div>");
    Responses.page(ctx, Page.of(titleFor(status), sectionFor(ctx), body));
  }

  private static String titleFor(int status) {
    return switch (status) {
      case 400 -> "Bad request";
      case 403 -> "Not allowed";
      case 404 -> "Not found";
      case 413 -> "Request too large";
      default -> status >= 500 ? "Something went wrong" : "Error " + status;
    };
  }

  private static Page.Section sectionFor(Context ctx) {
    String path = ctx.path();
    if (path.startsWith("/runs")) {
      return Page.Section.RUNS;
    }
    if (path.startsWith("/models")) {
      return Page.Section.MODELS;
    }
    if (path.startsWith("/debug")) {
      return Page.Section.DEBUG;
    }
    if (path.equals("/features")) {
      return Page.Section.FEATURES;
    }
    if (path.startsWith("/snapshots")) {
      return Page.Section.SNAPSHOTS;
    }
    return Page.Section.OVERVIEW;
  }
}
