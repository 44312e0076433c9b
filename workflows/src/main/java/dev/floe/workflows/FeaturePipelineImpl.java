package dev.floe.workflows;

import dev.floe.workflows.PipelineMemo.SearchAttributeSupport;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.common.converter.DataConverterException;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkflowImplementationOptions;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The pipeline's orchestration, and nothing else: every effect is an activity, every clock reading
 * is workflow time. Changing the order or kind of activity calls breaks the replay of kept histories
 * (workflows/src/test/resources/histories); guard such changes with {@code Workflow.getVersion}.
 */
public final class FeaturePipelineImpl implements FeaturePipeline {
  /** Failure types of input that can never succeed; retrying them only delays the error. */
  public static final List<String> NON_RETRYABLE_TYPES = List.of("InvalidInput", "EmptyWindow", "NotFound");

  /** Long steps heartbeat every few seconds; a worker that stops is noticed after this long. */
  public static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(20);

  /** The {@code Workflow.getVersion} change id of the materialize step (version 1). */
  public static final String MATERIALIZE_CHANGE = "materialize-step";

  private static final Logger log = Workflow.getLogger(FeaturePipelineImpl.class);

  /** How every Floe step is retried: storage trouble backs off, input that can never succeed does not. */
  public static final RetryOptions STEP_RETRY =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setBackoffCoefficient(2.0)
          .setMaximumInterval(Duration.ofSeconds(30))
          .setMaximumAttempts(8)
          .setDoNotRetry(NON_RETRYABLE_TYPES.toArray(String[]::new))
          .build();

  private static final ActivityOptions LONG_STEP =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofHours(2))
          .setHeartbeatTimeout(HEARTBEAT_TIMEOUT)
          .setRetryOptions(STEP_RETRY)
          .build();

  private static final Map<String, ActivityOptions> OPTIONS_BY_ACTIVITY =
      Map.of(
          "Calibrate",
          ActivityOptions.newBuilder(LONG_STEP).setStartToCloseTimeout(Duration.ofMinutes(30)).build(),
          "Register",
          // Register heartbeats like every step: a worker killed while registering is noticed
          // after the heartbeat timeout, not only after the whole two minutes.
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(2))
              .setHeartbeatTimeout(HEARTBEAT_TIMEOUT)
              .setRetryOptions(STEP_RETRY)
              .build());

  private final PipelineActivities activities =
      Workflow.newActivityStub(PipelineActivities.class, LONG_STEP, OPTIONS_BY_ACTIVITY);
  private final SearchAttributeSupport searchAttributeSupport;
  private PipelineProgress progress = PipelineProgress.starting(List.of());

  public FeaturePipelineImpl() {
    this(SearchAttributeSupport.UNAVAILABLE);
  }

  /** Workers build it with what their server supports (see {@link PipelineMemo}). */
  public FeaturePipelineImpl(SearchAttributeSupport searchAttributeSupport) {
    this.searchAttributeSupport = searchAttributeSupport;
  }

  /**
   * How every worker and replayer registers this workflow. An input that cannot be decoded (a
   * string where a number belongs) fails the run with Jackson's message naming the field, instead
   * of failing its workflow task on every attempt while the run sits RUNNING.
   */
  public static WorkflowImplementationOptions implementationOptions() {
    return WorkflowImplementationOptions.newBuilder()
        .setFailWorkflowExceptionTypes(DataConverterException.class)
        .build();
  }

  /** Registers the workflow on a worker whose server has, or lacks, Floe's search attributes. */
  public static void registerOn(Worker worker, SearchAttributeSupport searchAttributeSupport) {
    worker.registerWorkflowImplementationFactory(
        FeaturePipeline.class, () -> new FeaturePipelineImpl(searchAttributeSupport), implementationOptions());
  }

  @Override
  public PipelineResult run(PipelineInput input) {
    PipelineInput request = input == null ? PipelineInput.defaults() : input;
    WorkflowInfo info = Workflow.getInfo();
    long startMillis = Workflow.currentTimeMillis();
    Instant startedAt = Instant.ofEpochMilli(startMillis);
    progress = PipelineProgress.starting(request.steps());

    Map<String, String> problems = request.problems();
    if (!problems.isEmpty()) {
      String message = "Invalid pipeline input: " + String.join("; ", problems.values());
      progress = progress.failed(message);
      throw ApplicationFailure.newNonRetryableFailure(message, "InvalidInput");
    }
    log.info("Pipeline {} starting: {}", info.getWorkflowId(), request.steps());
    try {
      PipelineResult result = runSteps(request, info, startedAt, startMillis);
      progress = progress.completedWith(result.modelVersion());
      return result;
    } catch (ActivityFailure failure) {
      if (failure.getCause() instanceof ApplicationFailure cause) {
        // Surface the step's own message and type, not Temporal's "activity failed" wrapper.
        progress = progress.failed(cause.getOriginalMessage());
        throw ApplicationFailure.newNonRetryableFailure(cause.getOriginalMessage(), cause.getType());
      }
      progress = progress.failed(failure.getMessage());
      throw failure;
    }
  }

  @Override
  public PipelineProgress progress() {
    return progress;
  }

  private PipelineResult runSteps(PipelineInput input, WorkflowInfo info, Instant startedAt, long startMillis) {
    List<StepDuration> durations = new ArrayList<>();
    Long appendedSnapshotId = null;
    long rowsAppended = 0;
    List<AnomalyOutcome> anomalies = List.of();
    if (input.source().equals(PipelineInput.SOURCE_GENERATE)) {
      LocalDate runDate = LocalDate.ofInstant(startedAt, ZoneOffset.UTC);
      GenerateResult generated =
          step(PipelineStep.GENERATE, durations,
              () -> activities.generate(input.generateRequest(runDate), input.anomalyFiles(), input.anomalies()));
      appendedSnapshotId = generated.snapshotId();
      rowsAppended = generated.rows();
      anomalies = generated.anomalies();
      progress = progress.withRawSnapshot(appendedSnapshotId);
    } else if (input.source().equals(PipelineInput.SOURCE_INGEST)) {
      IngestResult ingested =
          step(PipelineStep.INGEST, durations, () -> activities.ingest(new IngestRequest(input.ingestFile())));
      appendedSnapshotId = ingested.snapshotId();
      rowsAppended = ingested.alreadyIngested() ? 0 : ingested.rows();
      progress = progress.withRawSnapshot(appendedSnapshotId);
    }

    // Features are built from the current raw_events, which holds this run's rows and any a
    // concurrent run appended; the result names the exact snapshot they came from.
    FeaturizeResult features =
        step(PipelineStep.FEATURIZE, durations, () -> activities.featurize(new FeaturizeRequest(null)));
    progress = progress.withRawSnapshot(features.rawSnapshotId()).withFeatureSnapshot(features.snapshotId());
    upsertMemo(Map.of(
        PipelineMemo.RAW_SNAPSHOT_ID, features.rawSnapshotId(),
        PipelineMemo.FEATURE_SNAPSHOT_ID, features.snapshotId()));

    Calibration calibration =
        step(PipelineStep.CALIBRATE, durations, () -> activities.calibrate(input.calibrateRequest(features.snapshotId())));
    ModelCard model =
        step(PipelineStep.REGISTER, durations, () -> activities.register(new RegisterRequest(calibration, startedAt)));
    upsertMemo(Map.of(
        PipelineMemo.MODEL_VERSION, model.modelVersion(),
        PipelineMemo.THRESHOLD, model.decisionThreshold()));
    upsertSearchAttributes(model, features);

    // Added after histories were kept: runs started on older code never reach this step on replay.
    int materializeVersion = Workflow.getVersion(MATERIALIZE_CHANGE, Workflow.DEFAULT_VERSION, 1);
    if (materializeVersion >= 1 && input.onlineStore() != null) {
      Materialization online = step(PipelineStep.MATERIALIZE, durations,
          () -> activities.materialize(new MaterializeRequest(features.snapshotId(), input.onlineStore())));
      log.info("Pipeline {} materialized {} users of snapshot {} online", info.getWorkflowId(), online.users(),
          online.featureSnapshotId());
    }

    log.info("Pipeline {} registered model {}", info.getWorkflowId(), model.modelVersion());
    return new PipelineResult(
        info.getWorkflowId(),
        info.getRunId(),
        startedAt,
        input.source(),
        appendedSnapshotId,
        rowsAppended,
        anomalies,
        features.rawSnapshotId(),
        features.snapshotId(),
        features.rows(),
        features.committed(),
        model.modelVersion(),
        model.decisionThreshold(),
        calibration.trainingRows(),
        durations,
        Workflow.currentTimeMillis() - startMillis);
  }

  private <T> T step(PipelineStep step, List<StepDuration> durations, Functions.Func<T> call) {
    progress = progress.running(step);
    long start = Workflow.currentTimeMillis();
    T result = call.apply();
    StepDuration duration = new StepDuration(step, Workflow.currentTimeMillis() - start);
    durations.add(duration);
    progress = progress.done(duration);
    return result;
  }

  private static void upsertMemo(Map<String, Object> fields) {
    Workflow.upsertMemo(new LinkedHashMap<>(fields));
  }

  private void upsertSearchAttributes(ModelCard model, FeaturizeResult features) {
    // Recorded in the history, so a replay on a worker whose server differs makes the same choice.
    boolean available =
        Workflow.sideEffect(Boolean.class, () -> searchAttributeSupport == SearchAttributeSupport.AVAILABLE);
    if (available) {
      Workflow.upsertTypedSearchAttributes(
          PipelineMemo.MODEL_VERSION_ATTRIBUTE.valueSet(model.modelVersion()),
          PipelineMemo.RAW_SNAPSHOT_ATTRIBUTE.valueSet(features.rawSnapshotId()),
          PipelineMemo.FEATURE_SNAPSHOT_ATTRIBUTE.valueSet(features.snapshotId()));
    }
  }
}
