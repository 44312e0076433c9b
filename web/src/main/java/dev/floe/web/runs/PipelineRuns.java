package dev.floe.web.runs;

import java.util.List;

/**
 * Starts FeaturePipeline runs and reports on them: what the dashboard needs from the orchestrator.
 * The Temporal implementation talks to a cluster or the embedded server; tests of the runs pages
 * use a hand-written in-memory one.
 */
public interface PipelineRuns {
  /**
   * Starts a run and returns at once with its ids. Input that can never run is an
   * InvalidInputException; it starts nothing.
   */
  RunView start(RunRequest request);

  /** Every run the orchestrator knows, newest first. */
  List<RunView> list();

  /** One run by workflow id; NotFoundException when there is none. */
  RunView status(String workflowId);
}
