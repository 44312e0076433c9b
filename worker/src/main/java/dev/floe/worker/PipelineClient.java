package dev.floe.worker;

import static java.util.Objects.requireNonNull;

import dev.floe.error.EmptyWindowException;
import dev.floe.error.InvalidInputException;
import dev.floe.error.NotFoundException;
import dev.floe.error.StorageException;
import dev.floe.workflows.FeaturePipeline;
import dev.floe.workflows.FloeDataConverter;
import dev.floe.workflows.PipelineInput;
import dev.floe.workflows.PipelineProgress;
import dev.floe.workflows.PipelineResult;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.filter.v1.WorkflowTypeFilter;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** Starts pipeline runs, follows them, and reports their state, on one Temporal connection. */
public final class PipelineClient {
  private static final long POLL_MILLIS = 500;
  private static final long QUERY_DEADLINE_MILLIS = 3_000;

  private final TemporalConnection connection;

  public PipelineClient(TemporalConnection connection) {
    this.connection = requireNonNull(connection, "connection is null");
  }

  /** A fresh workflow id; runs started from the Temporal CLI or the dashboard choose their own. */
  public static String newWorkflowId() {
    return "floe-pipeline-" + UUID.randomUUID();
  }

  /** Starts a run and returns at once. */
  public WorkflowExecution start(PipelineInput input, String workflowId) {
    FeaturePipeline pipeline = connection.client().newWorkflowStub(FeaturePipeline.class,
        WorkflowOptions.newBuilder().setTaskQueue(FeaturePipeline.TASK_QUEUE).setWorkflowId(workflowId).build());
    return WorkflowClient.start(pipeline::run, input);
  }

  /**
   * Waits for a run's result. A failed run throws the Floe exception its failure type names, with
   * the step's own message.
   */
  public PipelineResult await(String workflowId) {
    try {
      return connection.client().newUntypedWorkflowStub(workflowId).getResult(PipelineResult.class);
    } catch (WorkflowException e) {
      throw asFloeException(e);
    }
  }

  /**
   * As {@link #await(String)}, handing each new progress to {@code onProgress} meanwhile. Each
   * query replays the run on a worker, so only ask for progress when someone is looking.
   */
  public PipelineResult await(String workflowId, Consumer<PipelineProgress> onProgress) {
    WorkflowStub stub = connection.client().newUntypedWorkflowStub(workflowId);
    CompletableFuture<PipelineResult> result = stub.getResultAsync(PipelineResult.class);
    PipelineProgress last = null;
    while (true) {
      try {
        return result.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException stillRunning) {
        PipelineProgress progress = queryProgress(workflowId).orElse(null);
        if (progress != null && !progress.equals(last)) {
          onProgress.accept(progress);
          last = progress;
        }
      } catch (ExecutionException e) {
        throw asFloeException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for run " + workflowId, e);
      }
    }
  }

  /** State, progress (while running) and result or error (once closed) of a run. */
  public RunStatus status(String workflowId) {
    WorkflowStub stub = connection.client().newUntypedWorkflowStub(workflowId);
    WorkflowExecutionDescription description;
    try {
      description = stub.describe();
    } catch (WorkflowNotFoundException e) {
      throw new NotFoundException("No pipeline run '" + workflowId + "' in namespace " + connection.namespace()
          + " at " + connection.target());
    }
    String runId = description.getExecution().getRunId();
    String state = stateName(description.getStatus());
    Instant start = description.getStartTime();
    Instant close = description.getCloseTime();
    if (description.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      Optional<PipelineProgress> progress = queryProgress(workflowId);
      String note = progress.isPresent() ? null : "No worker answered the progress query within "
          + QUERY_DEADLINE_MILLIS / 1000 + " s: is a 'floe worker' polling task queue '" + FeaturePipeline.TASK_QUEUE + "'?";
      return new RunStatus(workflowId, runId, state, start, close, progress.orElse(null), null, null, note);
    }
    try {
      return new RunStatus(workflowId, runId, state, start, close, null, stub.getResult(PipelineResult.class), null, null);
    } catch (WorkflowException e) {
      return new RunStatus(workflowId, runId, state, start, close, null, null, asFloeException(e).getMessage(), null);
    }
  }

  /**
   * The newest runs of the pipeline, newest first. Uses a visibility query where the server has
   * one; Temporal's test server has none, so there it merges the legacy open and closed listings.
   */
  public List<RunSummary> list(int limit) {
    try {
      return connection.client().listExecutions("WorkflowType = '" + FeaturePipeline.WORKFLOW_TYPE + "'")
          .limit(limit)
          .map(execution -> RunSummary.of(execution.getWorkflowExecutionInfo()))
          .toList();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
        throw e;
      }
      return listWithoutVisibilityQueries(limit);
    }
  }

  private List<RunSummary> listWithoutVisibilityQueries(int limit) {
    WorkflowTypeFilter type = WorkflowTypeFilter.newBuilder().setName(FeaturePipeline.WORKFLOW_TYPE).build();
    WorkflowServiceGrpc.WorkflowServiceBlockingStub stub = connection.service().blockingStub();
    List<WorkflowExecutionInfo> executions = new ArrayList<>();
    executions.addAll(stub.listOpenWorkflowExecutions(ListOpenWorkflowExecutionsRequest.newBuilder()
        .setNamespace(connection.namespace()).setTypeFilter(type).setMaximumPageSize(limit).build()).getExecutionsList());
    executions.addAll(stub.listClosedWorkflowExecutions(ListClosedWorkflowExecutionsRequest.newBuilder()
        .setNamespace(connection.namespace()).setTypeFilter(type).setMaximumPageSize(limit).build()).getExecutionsList());
    return executions.stream()
        .map(RunSummary::of)
        .sorted(Comparator.comparing(RunSummary::startTime).reversed())
        .limit(limit)
        .toList();
  }

  /** The run's progress, or empty when no worker answers in time (none running, or all busy). */
  public Optional<PipelineProgress> queryProgress(String workflowId) {
    try {
      QueryWorkflowResponse response = connection.service().blockingStub()
          .withDeadlineAfter(QUERY_DEADLINE_MILLIS, TimeUnit.MILLISECONDS)
          .queryWorkflow(QueryWorkflowRequest.newBuilder()
              .setNamespace(connection.namespace())
              .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
              .setQuery(WorkflowQuery.newBuilder().setQueryType("progress"))
              .build());
      if (!response.hasQueryResult()) {
        return Optional.empty();
      }
      return Optional.ofNullable(FloeDataConverter.instance().fromPayloads(
          0, Optional.of(response.getQueryResult()), PipelineProgress.class, PipelineProgress.class));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * A failed run as the Floe exception its failure type names, so the CLI reports it like the same
   * error from a direct command (one line, the same exit code).
   */
  static RuntimeException asFloeException(Throwable failure) {
    Throwable cause = failure;
    while (cause != null && !(cause instanceof ApplicationFailure)) {
      cause = cause.getCause();
    }
    if (!(cause instanceof ApplicationFailure application)) {
      return failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
    }
    String message = application.getOriginalMessage();
    return switch (application.getType()) {
      case "InvalidInput" -> new InvalidInputException(message);
      case "NotFound" -> new NotFoundException(message);
      case "EmptyWindow" -> new EmptyWindowException(message);
      default -> new StorageException(message + " (" + application.getType() + ")", application);
    };
  }

  /** One line of a run listing. */
  public record RunSummary(String workflowId, String runId, String status, Instant startTime, Instant closeTime) {
    static RunSummary of(WorkflowExecutionInfo info) {
      return new RunSummary(
          info.getExecution().getWorkflowId(),
          info.getExecution().getRunId(),
          stateName(info.getStatus()),
          Instant.ofEpochSecond(info.getStartTime().getSeconds(), info.getStartTime().getNanos()),
          info.hasCloseTime() ? Instant.ofEpochSecond(info.getCloseTime().getSeconds(), info.getCloseTime().getNanos()) : null);
    }
  }

  static String stateName(WorkflowExecutionStatus status) {
    return status.name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase(Locale.ROOT);
  }

  /** What {@code floe status} prints: progress while running, result or error once closed. */
  public record RunStatus(
      String workflowId,
      String runId,
      String status,
      Instant startTime,
      Instant closeTime,
      PipelineProgress progress,
      PipelineResult result,
      String error,
      String note) {}
}
