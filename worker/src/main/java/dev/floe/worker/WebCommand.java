package dev.floe.worker;

import dev.floe.catalog.CatalogSettings;
import dev.floe.catalog.FloeCatalog;
import dev.floe.metrics.FloeMetrics;
import dev.floe.web.FloeWeb;
import dev.floe.web.OnlineServing;
import dev.floe.web.WebConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "web",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the dashboard, its JSON API, the feature-serving API and /metrics.",
      "Without --temporal, a Temporal server and a worker run inside this process on the data directory;",
      "with it, runs started from the dashboard go to that server and a 'floe worker' there does the work.",
      "Bound to a non-loopback address, actions need the token in $" + WebConfig.TOKEN_ENVIRONMENT_VARIABLE + "."
    })
final class WebCommand implements Callable<Integer> {
  @ParentCommand private Main floe;

  @Option(names = "--port", defaultValue = "" + WebConfig.DEFAULT_PORT,
      description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int port;

  @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = WebConfig.DEFAULT_HOST,
      description = "Address to listen on (default: ${DEFAULT-VALUE}); off loopback $"
          + WebConfig.TOKEN_ENVIRONMENT_VARIABLE + " is required.")
  private String bind;

  @Option(names = "--temporal", paramLabel = "HOST:PORT",
      description = "Temporal frontend (default: a server and a worker embedded in this process).")
  private String temporal;

  @Option(names = "--namespace", paramLabel = "NS", defaultValue = TemporalConnection.DEFAULT_NAMESPACE,
      description = "Temporal namespace (default: ${DEFAULT-VALUE}).")
  private String namespace;

  @Option(names = "--temporal-ui", paramLabel = "URL",
      description = "Temporal Web UI base URL, to link runs to it (no links without it).")
  private String temporalUi;

  @Option(names = "--anomaly-files", paramLabel = "DIR", defaultValue = "anomaly_files",
      description = "Folder of anomaly spec files the run form offers (default: ${DEFAULT-VALUE}).")
  private Path anomalyFiles;

  @Option(names = "--max-label-upload-bytes", paramLabel = "BYTES",
      defaultValue = "" + WebConfig.DEFAULT_MAX_LABEL_UPLOAD_BYTES,
      description = "Largest label file POST /training-set takes (default: ${DEFAULT-VALUE}, 256 MiB);"
          + " larger ones go through 'floe training-set --workflow'.")
  private long maxLabelUploadBytes;

  @Option(names = "--online-store", paramLabel = "STORE",
      description = "Online store the /features/online routes read (floe.online-store; default: $"
          + ONLINE_STORE_ENVIRONMENT_VARIABLE + ", else 'embedded', kept in this process on the latest snapshot):"
          + " a redis://HOST:PORT URI reads the store the pipeline's materialize step writes.")
  private String onlineStore;

  @Option(names = "--materialize",
      description = "With a Redis online store, also publish each new user_features snapshot to it from this"
          + " process (default: only the pipeline's materialize step writes Redis; the embedded store is"
          + " always filled by this process).")
  private boolean materialize;

  static final String ONLINE_STORE_ENVIRONMENT_VARIABLE = "FLOE_ONLINE_STORE";

  /** What the command prints once the dashboard listens. */
  record WebStarted(
      String url, String temporal, boolean embeddedTemporal, boolean actionsNeedToken, String onlineStore,
      OnlineServing.Writer onlineStoreWriter) {}

  @Override
  public Integer call() throws InterruptedException {
    String store = onlineStore != null ? onlineStore : floe.environment(ONLINE_STORE_ENVIRONMENT_VARIABLE);
    OnlineServing serving =
        materialize ? OnlineServing.writtenByThisProcess(store) : OnlineServing.writtenByPipeline(store);
    WebConfig config = new WebConfig(bind, port, floe.config().dataDir(),
        floe.environment(WebConfig.TOKEN_ENVIRONMENT_VARIABLE), temporalUi, namespace, anomalyFiles,
        WebConfig.DEFAULT_MAX_REQUEST_BYTES, maxLabelUploadBytes, serving);
    CountDownLatch stopped = new CountDownLatch(1);
    try (Dashboard dashboard = Dashboard.start(config, floe.config().catalog(), temporal)) {
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "floe-web-shutdown"));
      floe.output().print(
          new WebStarted(dashboard.web().url(), dashboard.connection().target(), dashboard.connection().isEmbedded(),
              config.requiresToken(), serving.store(), serving.writer()),
          started -> "Floe dashboard at " + started.url() + " (Temporal " + started.temporal()
              + (started.embeddedTemporal() ? ", embedded" : "") + "; online store " + started.onlineStore()
              + (started.onlineStoreWriter() == OnlineServing.Writer.PIPELINE
                  ? ", read only: the pipeline's materialize step writes it" : ", kept current by this process")
              + ").");
      stopped.await();
    }
    return ExitCode.OK.code();
  }

  /**
   * A dashboard with its Temporal connection and, when embedded, the worker that runs its runs: what
   * {@code floe web} starts and the browser test starts in-process.
   */
  static final class Dashboard implements AutoCloseable {
    private final TemporalConnection connection;
    private final FloeCatalog workerCatalog;
    private final WorkerActivities activities;
    private final PipelineWorker worker;
    private final FloeWeb web;

    private Dashboard(TemporalConnection connection, FloeCatalog workerCatalog, WorkerActivities activities,
        PipelineWorker worker, FloeWeb web) {
      this.connection = connection;
      this.workerCatalog = workerCatalog;
      this.activities = activities;
      this.worker = worker;
      this.web = web;
    }

    /** {@code temporalTarget} null: an embedded server and a worker on the config's data directory. */
    static Dashboard start(WebConfig config, String temporalTarget) {
      return start(config, CatalogSettings.embedded(), temporalTarget);
    }

    /** As above, on the catalog {@code catalogSettings} names. */
    static Dashboard start(WebConfig config, CatalogSettings catalogSettings, String temporalTarget) {
      boolean embedded = temporalTarget == null;
      // One registry for the process: /metrics shows freshness, the SDK's metrics and the worker's runs.
      PrometheusMeterRegistry metrics = FloeMetrics.newRegistry();
      TemporalConnection connection = embedded
          ? TemporalConnection.embedded(metrics)
          : TemporalConnection.connect(temporalTarget, config.temporalNamespace(), metrics);
      FloeCatalog workerCatalog = null;
      WorkerActivities activities = null;
      PipelineWorker worker = null;
      try {
        if (embedded) {
          workerCatalog = FloeCatalog.open(config.dataDir(), catalogSettings);
          activities = new WorkerActivities(workerCatalog);
          worker = PipelineWorker.start(connection, activities, PipelineWorker.DEFAULT_CONCURRENT_ACTIVITIES);
        }
        FloeWeb web =
            FloeWeb.start(
                config, new TemporalPipelineRuns(new PipelineClient(connection), embedded), metrics, catalogSettings);
        return new Dashboard(connection, workerCatalog, activities, worker, web);
      } catch (RuntimeException e) {
        closeAll(worker, activities, workerCatalog, connection);
        throw e;
      }
    }

    FloeWeb web() {
      return web;
    }

    TemporalConnection connection() {
      return connection;
    }

    @Override
    public void close() {
      web.close();
      closeAll(worker, activities, workerCatalog, connection);
    }

    private static void closeAll(AutoCloseable... parts) {
      for (AutoCloseable part : parts) {
        if (part == null) {
          continue;
        }
        try {
          part.close();
        } catch (Exception e) {
          // Keep closing the rest: a stuck worker must not keep the Temporal server up.
          org.slf4j.LoggerFactory.getLogger(WebCommand.class).warn("Closing {} failed", part, e);
        }
      }
    }
  }
}
