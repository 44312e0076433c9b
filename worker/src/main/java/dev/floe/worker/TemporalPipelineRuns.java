package dev.floe.worker;

import static java.util.Objects.requireNonNull;

import dev.floe.error.InvalidInputException;
import dev.floe.web.runs.PipelineRuns;
import dev.floe.web.runs.RunRequest;
import dev.floe.web.runs.RunState;
import dev.floe.web.runs.RunView;
import dev.floe.workflows.PipelineInput;
import dev.floe.workflows.PipelineProgress;
import dev.floe.workflows.PipelineResult;
import dev.floe.workflows.PipelineStep;
import dev.floe.workflows.StepDuration;
import io.temporal.api.common.v1.WorkflowExecution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The dashboard's runs over the real Temporal client: what {@code floe web} hands the web app. */
final class TemporalPipelineRuns implements PipelineRuns {
  /** The runs page shows the newest ones; each costs one describe (and a query while running). */
  static final int LISTED_RUNS = 25;

  private final PipelineClient client;
  private final boolean workerIsLocal;

  /** {@code workerIsLocal}: the worker shares this file system, so an ingest file can be checked here. */
  TemporalPipelineRuns(PipelineClient client, boolean workerIsLocal) {
    this.client = requireNonNull(client, "client is null");
    this.workerIsLocal = workerIsLocal;
  }

  @Override
  public RunView start(RunRequest request) {
    PipelineInput input = input(request);
    Map<String, String> problems = input.problems();
    if (!problems.isEmpty()) {
      throw new InvalidInputException(String.join("; ", problems.values()));
    }
    if (workerIsLocal && input.ingestFile() != null && !Files.isRegularFile(Path.of(input.ingestFile()))) {
      throw new InvalidInputException("ingest_file " + input.ingestFile() + " does not exist or is not a file");
    }
    String workflowId = PipelineClient.newWorkflowId();
    WorkflowExecution execution = client.start(input, workflowId);
    return new RunView(workflowId, execution.getRunId(), RunState.RUNNING, null, List.of(), List.of(),
        Instant.now(), null, null, null);
  }

  static PipelineInput input(RunRequest request) {
    return new PipelineInput(
        request.source().formValue(),
        request.users(),
        request.events(),
        request.days(),
        request.endDate(),
        request.seed(),
        request.batches(),
        request.anomalyFile() == null ? null : List.of(request.anomalyFile().toAbsolutePath().toString()),
        null,
        request.ingestFile(),
        request.quantile(),
        request.windowStart(),
        request.windowEnd(),
        request.featureName());
  }

  @Override
  public List<RunView> list() {
    return client.list(LISTED_RUNS).stream().map(summary -> status(summary.workflowId())).toList();
  }

  @Override
  public RunView status(String workflowId) {
    return view(client.status(workflowId));
  }

  static RunView view(PipelineClient.RunStatus status) {
    RunState state = state(status.status());
    PipelineProgress progress = status.progress();
    PipelineResult result = status.result();
    List<String> planned = List.of();
    List<String> completed = List.of();
    String current = null;
    String modelVersion = null;
    if (progress != null) {
      planned = progress.steps().stream().map(PipelineStep::stepName).toList();
      completed = stepNames(progress.completed());
      current = progress.currentStep() == null ? null : progress.currentStep().stepName();
      modelVersion = progress.modelVersion();
    }
    if (result != null) {
      completed = stepNames(result.steps());
      planned = completed;
      modelVersion = result.modelVersion();
    }
    String error = status.error();
    if (error == null && state == RunState.RUNNING && status.note() != null) {
      current = current == null ? "waiting for a worker" : current;
    }
    return new RunView(status.workflowId(), status.runId(), state, current, completed, planned, status.startTime(),
        status.closeTime(), modelVersion, error);
  }

  private static List<String> stepNames(List<StepDuration> steps) {
    return steps.stream().map(step -> step.step().stepName()).collect(Collectors.toList());
  }

  static RunState state(String status) {
    return switch (status.toLowerCase(Locale.ROOT)) {
      case "running" -> RunState.RUNNING;
      case "completed" -> RunState.COMPLETED;
      case "canceled" -> RunState.CANCELED;
      case "terminated" -> RunState.TERMINATED;
      case "timed_out" -> RunState.TIMED_OUT;
      default -> RunState.FAILED;
    };
  }
}
