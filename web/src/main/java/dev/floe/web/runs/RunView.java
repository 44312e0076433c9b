package dev.floe.web.runs;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One pipeline run as the dashboard shows it.
 *
 * @param currentStep the step running now (null once closed)
 * @param completedSteps the steps done, in order
 * @param plannedSteps every step the run will take, in order
 * @param modelVersion the model the run registered (null until it has)
 * @param error why the run failed (null unless it did)
 */
public record RunView(
    String workflowId,
    String runId,
    RunState state,
    String currentStep,
    List<String> completedSteps,
    List<String> plannedSteps,
    Instant startedAt,
    Instant closedAt,
    String modelVersion,
    String error) {
  public RunView {
    requireNonNull(workflowId, "workflowId is null");
    requireNonNull(state, "state is null");
    completedSteps = completedSteps == null ? List.of() : List.copyOf(completedSteps);
    plannedSteps = plannedSteps == null ? List.of() : List.copyOf(plannedSteps);
  }

  /** Wall time so far (running) or in total (closed); null before the run has a start time. */
  public Duration duration(Instant now) {
    if (startedAt == null) {
      return null;
    }
    return Duration.between(startedAt, closedAt == null ? now : closedAt);
  }

  /** Share of the planned steps done, 0 to 1. */
  public double progress() {
    if (state == RunState.COMPLETED) {
      return 1.0;
    }
    if (plannedSteps.isEmpty()) {
      return 0.0;
    }
    return Math.min(1.0, (double) completedSteps.size() / plannedSteps.size());
  }
}
