package dev.floe.workflows;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;

/**
 * A deliberately incompatible FeaturePipeline: it calibrates the current features before
 * featurizing. Replaying a kept history on it must fail, proving the replay check has teeth.
 */
public final class ReorderedFeaturePipeline implements FeaturePipeline {
  private final PipelineActivities activities = Workflow.newActivityStub(PipelineActivities.class,
      ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(5)).build());

  @Override
  public PipelineResult run(PipelineInput input) {
    Calibration calibration = activities.calibrate(input.calibrateRequest(0));
    activities.featurize(new FeaturizeRequest(null));
    ModelCard model = activities.register(new RegisterRequest(calibration, Instant.ofEpochMilli(Workflow.currentTimeMillis())));
    throw new IllegalStateException("never reached in a replay: " + model);
  }

  @Override
  public PipelineProgress progress() {
    return PipelineProgress.starting(java.util.List.of());
  }
}
