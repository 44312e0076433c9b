package dev.floe.worker;

import dev.floe.activities.BackfillActivitiesImpl;
import dev.floe.activities.PipelineActivitiesImpl;
import dev.floe.activities.TrainingSetActivitiesImpl;
import dev.floe.catalog.FloeCatalog;

/**
 * Every activity a full Floe worker runs, over one catalog: the pipeline's, the backfill's and the
 * training set's. One place builds them, so {@code floe worker}, the embedded {@code floe web} and
 * the commands that embed a worker serve the same workflows.
 */
final class WorkerActivities implements AutoCloseable {
  private final PipelineActivitiesImpl pipeline;
  private final BackfillActivitiesImpl backfill;
  private final TrainingSetActivitiesImpl trainingSet;

  WorkerActivities(FloeCatalog catalog) {
    this.pipeline = new PipelineActivitiesImpl(catalog);
    this.backfill = new BackfillActivitiesImpl(catalog);
    this.trainingSet = new TrainingSetActivitiesImpl(catalog);
  }

  PipelineActivitiesImpl pipeline() {
    return pipeline;
  }

  BackfillActivitiesImpl backfill() {
    return backfill;
  }

  TrainingSetActivitiesImpl trainingSet() {
    return trainingSet;
  }

  @Override
  public void close() {
    trainingSet.close();
    backfill.close();
    pipeline.close();
  }
}
