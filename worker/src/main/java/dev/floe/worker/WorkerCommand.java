package dev.floe.worker;

import dev.floe.catalog.FloeCatalog;
import dev.floe.metrics.FloeMetrics;
import dev.floe.serving.OnlineFeatureService;
import dev.floe.workflows.FeaturePipeline;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = "Run Floe's workflows (FeaturePipeline, Backfill, TrainingSet) and their steps from task queue 'floe', on this data directory, until stopped.")
final class WorkerCommand implements Callable<Integer> {
  @ParentCommand private Main floe;

  @Mixin private TemporalOptions temporal;

  @Option(
      names = "--concurrent-steps",
      defaultValue = "" + PipelineWorker.DEFAULT_CONCURRENT_ACTIVITIES,
      description = "Steps this worker runs at once (default: ${DEFAULT-VALUE}).")
  private int concurrentSteps;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description = "Serve Prometheus metrics (runs, steps, table freshness, the Temporal SDK's own) at"
          + " http://127.0.0.1:PORT/metrics; 0 picks a free port (default: no metrics endpoint).")
  private Integer metricsPort;

  /** What the worker prints once it polls; {@code metricsUrl} is null without --metrics-port. */
  record WorkerStarted(String temporal, String namespace, String taskQueue, String dataDir, String metricsUrl) {}

  @Override
  public Integer call() throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    PrometheusMeterRegistry registry = metricsPort == null ? null : FloeMetrics.newRegistry();
    try (FloeCatalog catalog = floe.openCatalog();
        MetricsEndpoint endpoint = registry == null ? null : MetricsEndpoint.start(metricsPort,
            new FloeMetrics(catalog, null, OnlineFeatureService.DEFAULT_TTL, Clock.systemUTC(), registry));
        TemporalConnection connection = temporal.connectRemote("worker", registry);
        WorkerActivities activities = new WorkerActivities(catalog);
        PipelineWorker worker = PipelineWorker.start(connection, activities, concurrentSteps)) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        worker.close();
        stopped.countDown();
      }, "floe-worker-shutdown"));
      floe.output().print(
          new WorkerStarted(connection.target(), connection.namespace(), FeaturePipeline.TASK_QUEUE,
              catalog.dataDir().toString(), endpoint == null ? null : endpoint.url()),
          started -> "Worker polling task queue '" + started.taskQueue() + "' on " + started.temporal()
              + " (namespace " + started.namespace() + "), data in " + started.dataDir()
              + (started.metricsUrl() == null ? "" : ", metrics at " + started.metricsUrl()) + ".");
      stopped.await();
    }
    return ExitCode.OK.code();
  }
}
