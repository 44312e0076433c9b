package dev.floe.web.runs;

import dev.floe.error.InvalidInputException;
import dev.floe.error.NotFoundException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs kept in memory for tests of the runs pages: a started run stays RUNNING until the test
 * moves it on, so every state of the page can be looked at.
 */
public final class InMemoryPipelineRuns implements PipelineRuns {
  public static final List<String> STEPS = List.of("generate", "featurize", "calibrate", "register");

  private final Map<String, RunView> runs = new LinkedHashMap<>();
  private final List<RunRequest> started = new ArrayList<>();
  private int next = 1;

  @Override
  public synchronized RunView start(RunRequest request) {
    if (request.ingestFile() != null && request.ingestFile().contains("missing")) {
      throw new InvalidInputException("File " + request.ingestFile() + " does not exist");
    }
    String workflowId = "floe-pipeline-" + next++;
    RunView run = new RunView(workflowId, "run-" + workflowId, RunState.RUNNING, STEPS.get(0), List.of(), STEPS,
        Instant.parse("2025-09-17T10:00:00Z"), null, null, null);
    runs.put(workflowId, run);
    started.add(request);
    return run;
  }

  /** Puts a run (any state, any content) as a test needs it. */
  public synchronized void put(RunView run) {
    runs.put(run.workflowId(), run);
  }

  public synchronized List<RunRequest> started() {
    return List.copyOf(started);
  }

  public synchronized RunView complete(String workflowId, String modelVersion) {
    RunView run = status(workflowId);
    RunView done = new RunView(workflowId, run.runId(), RunState.COMPLETED, null, STEPS, STEPS, run.startedAt(),
        run.startedAt().plusSeconds(3), modelVersion, null);
    runs.put(workflowId, done);
    return done;
  }

  @Override
  public synchronized List<RunView> list() {
    List<RunView> newestFirst = new ArrayList<>(runs.values());
    java.util.Collections.reverse(newestFirst);
    return newestFirst;
  }

  @Override
  public synchronized RunView status(String workflowId) {
    RunView run = runs.get(workflowId);
    if (run == null) {
      throw new NotFoundException("No run with workflow id " + workflowId);
    }
    return run;
  }
}
