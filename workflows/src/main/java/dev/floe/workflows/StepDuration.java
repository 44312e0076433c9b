package dev.floe.workflows;

import static java.util.Objects.requireNonNull;

/** How long one step took, retries included, as measured by workflow time. */
public record StepDuration(PipelineStep step, long millis) {
  public StepDuration {
    requireNonNull(step, "step is null");
  }
}
