package dev.floe.workflows;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a run is, as the {@code progress} query answers it: the planned steps, the one running (null
 * before the first and after the last), the ones done with their durations, and the ids known so far.
 */
public record PipelineProgress(
    String status,
    List<PipelineStep> steps,
    PipelineStep currentStep,
    List<StepDuration> completed,
    Long rawSnapshotId,
    Long featureSnapshotId,
    String modelVersion,
    String error) {
  public static final String RUNNING = "running";
  public static final String COMPLETED = "completed";
  public static final String FAILED = "failed";

  public PipelineProgress {
    steps = steps == null ? List.of() : List.copyOf(steps);
    completed = completed == null ? List.of() : List.copyOf(completed);
  }

  public static PipelineProgress starting(List<PipelineStep> steps) {
    return new PipelineProgress(RUNNING, steps, null, List.of(), null, null, null, null);
  }

  /** Completed steps over planned steps, in [0, 1]. */
  public double fractionDone() {
    return steps.isEmpty() ? 0 : (double) completed.size() / steps.size();
  }

  public boolean finished() {
    return !status.equals(RUNNING);
  }

  PipelineProgress running(PipelineStep step) {
    return new PipelineProgress(status, steps, step, completed, rawSnapshotId, featureSnapshotId, modelVersion, error);
  }

  PipelineProgress done(StepDuration duration) {
    List<StepDuration> done = new ArrayList<>(completed);
    done.add(duration);
    return new PipelineProgress(status, steps, null, done, rawSnapshotId, featureSnapshotId, modelVersion, error);
  }

  PipelineProgress withRawSnapshot(long snapshotId) {
    return new PipelineProgress(status, steps, currentStep, completed, snapshotId, featureSnapshotId, modelVersion, error);
  }

  PipelineProgress withFeatureSnapshot(long snapshotId) {
    return new PipelineProgress(status, steps, currentStep, completed, rawSnapshotId, snapshotId, modelVersion, error);
  }

  PipelineProgress completedWith(String version) {
    return new PipelineProgress(COMPLETED, steps, null, completed, rawSnapshotId, featureSnapshotId, version, null);
  }

  PipelineProgress failed(String message) {
    return new PipelineProgress(FAILED, steps, currentStep, completed, rawSnapshotId, featureSnapshotId, modelVersion, message);
  }
}
