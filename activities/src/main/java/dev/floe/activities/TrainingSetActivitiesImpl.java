package dev.floe.activities;

import dev.floe.catalog.FloeCatalog;
import dev.floe.pointintime.TrainingSetBuilder;
import dev.floe.workflows.TrainingSetActivities;
import dev.floe.workflows.TrainingSetInput;
import dev.floe.workflows.TrainingSetPlan;
import dev.floe.workflows.TrainingSetSummary;

/** The TrainingSet workflow's activities over {@link TrainingSetBuilder}, heartbeating while it builds. */
public final class TrainingSetActivitiesImpl implements TrainingSetActivities, AutoCloseable {
  private final TrainingSetBuilder builder;
  private final ActivityHeartbeats heartbeats = new ActivityHeartbeats("floe-training-set-heartbeats");

  public TrainingSetActivitiesImpl(FloeCatalog catalog) {
    this.builder = new TrainingSetBuilder(catalog);
  }

  @Override
  public TrainingSetPlan planTrainingSet(TrainingSetInput input) {
    return heartbeats.run(() -> builder.plan(input));
  }

  @Override
  public TrainingSetSummary buildTrainingSet(TrainingSetPlan plan) {
    return heartbeats.run(() -> builder.build(plan));
  }

  @Override
  public void close() {
    heartbeats.close();
  }
}
