package dev.floe.worker;

import dev.floe.metrics.PipelineMetricsInterceptor;
import dev.floe.workflows.BackfillWorkflowImpl;
import dev.floe.workflows.FeaturePipeline;
import dev.floe.workflows.FeaturePipelineImpl;
import dev.floe.workflows.PipelineActivities;
import dev.floe.workflows.TrainingSetWorkflowImpl;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker polling the {@code floe} task queue: the pipeline workflow and its activities, and
 * optionally the other workflows. When the connection has a metrics registry, every run and step
 * is recorded there.
 */
public final class PipelineWorker implements AutoCloseable {
  /**
   * Each step may give DuckDB a few GB (floe.duckdb.memory-limit); two at once keep a worker under
   * its memory budget while two pipelines still make progress side by side.
   */
  public static final int DEFAULT_CONCURRENT_ACTIVITIES = 2;

  private static final Logger log = LoggerFactory.getLogger(PipelineWorker.class);

  private final WorkerFactory factory;

  private PipelineWorker(WorkerFactory factory) {
    this.factory = factory;
  }

  public static PipelineWorker start(TemporalConnection connection, PipelineActivities activities) {
    return start(connection, activities, DEFAULT_CONCURRENT_ACTIVITIES);
  }

  public static PipelineWorker start(TemporalConnection connection, PipelineActivities activities, int concurrentActivities) {
    return start(connection, activities, null, concurrentActivities);
  }

  /** Serves every Floe workflow: the pipeline, Backfill and TrainingSet. */
  static PipelineWorker start(TemporalConnection connection, WorkerActivities activities, int concurrentActivities) {
    return start(connection, activities.pipeline(), activities, concurrentActivities);
  }

  /** Also serves Backfill and TrainingSet when {@code others} is given. */
  private static PipelineWorker start(
      TemporalConnection connection, PipelineActivities activities, WorkerActivities others, int concurrentActivities) {
    WorkerFactoryOptions.Builder factoryOptions = WorkerFactoryOptions.newBuilder();
    connection.metrics().ifPresent(metrics -> factoryOptions.setWorkerInterceptors(new PipelineMetricsInterceptor(metrics)));
    WorkerFactory factory = WorkerFactory.newInstance(connection.client(), factoryOptions.build());
    Worker worker = factory.newWorker(FeaturePipeline.TASK_QUEUE, WorkerOptions.newBuilder()
        .setMaxConcurrentActivityExecutionSize(concurrentActivities)
        // No sticky task queue: Temporal's test server never moves a workflow task off the sticky
        // queue of a worker that died, so the run would hang there; and with a history of some
        // thirty events, replaying it on each task costs less than the cache saves.
        .setStickyQueueScheduleToStartTimeout(Duration.ZERO)
        .build());
    FeaturePipelineImpl.registerOn(worker, connection.searchAttributeSupport());
    worker.registerActivitiesImplementations(activities);
    if (others != null) {
      worker.registerWorkflowImplementationTypes(BackfillWorkflowImpl.class, TrainingSetWorkflowImpl.class);
      worker.registerActivitiesImplementations(others.backfill(), others.trainingSet());
    }
    factory.start();
    log.info("Worker polling task queue '{}' on {} (namespace {})",
        FeaturePipeline.TASK_QUEUE, connection.target(), connection.namespace());
    return new PipelineWorker(factory);
  }

  /** Blocks until the worker is shut down. */
  public void awaitTermination() {
    factory.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
  }

  @Override
  public void close() {
    factory.shutdown();
    factory.awaitTermination(10, TimeUnit.SECONDS);
  }
}
