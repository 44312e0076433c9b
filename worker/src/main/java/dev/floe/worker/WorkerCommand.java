package dev.floe.worker;

import dev.floe.catalog.FloeCatalog;
import dev.floe.workflows.FeaturePipeline;
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

  /** What the worker prints once it polls. */
  record WorkerStarted(String temporal, String namespace, String taskQueue, String dataDir) {}

  @Override
  public Integer call() throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    try (TemporalConnection connection = temporal.connectRemote("worker");
        FloeCatalog catalog = floe.openCatalog();
        WorkerActivities activities = new WorkerActivities(catalog);
        PipelineWorker worker = PipelineWorker.start(connection, activities, concurrentSteps)) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        worker.close();
        stopped.countDown();
      }, "floe-worker-shutdown"));
      floe.output().print(
          new WorkerStarted(connection.target(), connection.namespace(), FeaturePipeline.TASK_QUEUE, catalog.dataDir().toString()),
          started -> "Worker polling task queue '" + started.taskQueue() + "' on " + started.temporal()
              + " (namespace " + started.namespace() + "), data in " + started.dataDir() + ".");
      stopped.await();
    }
    return ExitCode.OK.code();
  }
}
