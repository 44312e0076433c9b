package dev.floe.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.Durations;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.history.v1.ActivityTaskScheduledEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The workflow's orchestration against hand-written fake steps, on the time-skipping test server. */
class FeaturePipelineTest {
  private static final Instant STARTED_AT = Instant.parse("2025-09-17T22:44:17Z");

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .setWorkflowClientOptions(
              WorkflowClientOptions.newBuilder().setDataConverter(FloeDataConverter.instance()).build())
          .registerWorkflowImplementationTypes(FeaturePipelineImpl.implementationOptions(), FeaturePipelineImpl.class)
          .setInitialTime(STARTED_AT)
          .setDoNotStart(true)
          .build();

  private final FakePipelineActivities activities = new FakePipelineActivities();

  @BeforeEach
  void startWorker(TestWorkflowEnvironment environment, Worker worker) {
    worker.registerActivitiesImplementations(activities);
    environment.start();
  }

  @Test
  void generateRunCallsEveryStepInOrderAndNamesTheIds(WorkflowClient client, WorkflowOptions options) {
    FeaturePipeline pipeline = client.newWorkflowStub(FeaturePipeline.class, options);

    PipelineResult result = pipeline.run(PipelineInput.defaults());

    assertThat(activities.activityTypes()).containsExactly("Generate", "Featurize", "Calibrate", "Register");
    assertThat(result.source()).isEqualTo("generate");
    assertThat(result.appendedSnapshotId()).isEqualTo(FakePipelineActivities.RAW_SNAPSHOT);
    assertThat(result.rowsAppended()).isEqualTo(PipelineInput.DEFAULT_EVENTS);
    assertThat(result.rawSnapshotId()).isEqualTo(FakePipelineActivities.RAW_SNAPSHOT);
    assertThat(result.featureSnapshotId()).isEqualTo(FakePipelineActivities.FEATURE_SNAPSHOT);
    assertThat(result.featureRows()).isEqualTo(3000);
    assertThat(result.threshold()).isEqualTo(FakePipelineActivities.THRESHOLD);
    assertThat(result.trainingRows()).isEqualTo(2500);
    assertThat(result.steps()).extracting(StepDuration::step)
        .containsExactly(PipelineStep.GENERATE, PipelineStep.FEATURIZE, PipelineStep.CALIBRATE, PipelineStep.REGISTER);
    assertThat(result.workflowId()).isEqualTo(WorkflowStub.fromTyped(pipeline).getExecution().getWorkflowId());
    assertThat(result.runId()).isEqualTo(WorkflowStub.fromTyped(pipeline).getExecution().getRunId());
  }

  @Test
  void timesComeFromWorkflowTimeSoReplaysAgree(WorkflowClient client, WorkflowOptions options) {
    PipelineResult result = client.newWorkflowStub(FeaturePipeline.class, options).run(PipelineInput.defaults());

    // The model version is the run's start in workflow time, and the default end date its UTC date.
    assertThat(result.startedAt()).isBetween(STARTED_AT, STARTED_AT.plusSeconds(5));
    assertThat(result.modelVersion()).isEqualTo(FakePipelineActivities.versionAt(result.startedAt()));
    GenerateRequest generate = (GenerateRequest) activities.requests.get(0);
    assertThat(generate.endDate()).isEqualTo(LocalDate.of(2025, 9, 17));
    RegisterRequest register = (RegisterRequest) activities.requests.get(3);
    assertThat(register.startedAt()).isEqualTo(result.startedAt());
  }

  @Test
  void inputFieldsReachTheirSteps(WorkflowClient client, WorkflowOptions options) throws Exception {
    PipelineInput input = FloeJson.mapper().readValue("""
        {"users": 7, "events": 70, "days": 10, "end_date": "2025-01-31", "seed": 9, "batches": 2,
         "anomaly_files": ["a.json"], "anomalies": [{"user_id": 3, "day": 4, "n": 1}],
         "quantile": 0.9, "window_start": "2025-01-05", "window_end": "2025-01-30", "feature_name": "spending_mean_7d"}
        """, PipelineInput.class);

    PipelineResult result = client.newWorkflowStub(FeaturePipeline.class, options).run(input);

    assertThat(activities.requests.get(0))
        .isEqualTo(new GenerateRequest(7, 70, 10, LocalDate.of(2025, 1, 31), 9, 2, List.of()));
    assertThat(activities.requests.get(2)).isEqualTo(new CalibrateRequest(FakePipelineActivities.FEATURE_SNAPSHOT, 0.9,
        LocalDate.of(2025, 1, 5), LocalDate.of(2025, 1, 30), "spending_mean_7d"));
    assertThat(result.anomalies()).singleElement().satisfies(outcome -> {
      assertThat(outcome.userId()).isEqualTo(3);
      assertThat(outcome.date()).isEqualTo(LocalDate.of(2025, 1, 26));
    });
  }

  @Test
  void aFeaturesListReachesCalibrateAndWithoutItTheRequestIsAsBefore(WorkflowClient client, WorkflowOptions options)
      throws Exception {
    PipelineInput input = FloeJson.mapper().readValue("""
        {"source": "existing", "features": ["spending_mean_7d", "distinct_vendors_7d"]}
        """, PipelineInput.class);

    client.newWorkflowStub(FeaturePipeline.class, options).run(input);

    assertThat(activities.requests.get(1)).isEqualTo(new CalibrateRequest(FakePipelineActivities.FEATURE_SNAPSHOT,
        CalibrateRequest.DEFAULT_QUANTILE, null, null, "spending_mean_7d",
        List.of("spending_mean_7d", "distinct_vendors_7d")));

    // Without features: the input and the calibrate request serialize exactly as they always did.
    PipelineInput without = FloeJson.mapper().readValue("{\"source\": \"existing\"}", PipelineInput.class);
    client.newWorkflowStub(FeaturePipeline.class, options).run(without);
    CalibrateRequest single = (CalibrateRequest) activities.requests.get(4);
    assertThat(single.features()).isEmpty();
    assertThat(FloeJson.mapper().writeValueAsString(single)).isEqualTo(
        "{\"feature_snapshot_id\":" + FakePipelineActivities.FEATURE_SNAPSHOT
            + ",\"quantile\":0.995,\"window_start\":null,\"window_end\":null,\"feature_name\":\"spending_mean_7d\"}");
    assertThat(FloeJson.mapper().readTree(FloeJson.mapper().writeValueAsString(without)).has("features")).isFalse();
    assertThat(FloeJson.mapper().readTree(FloeJson.mapper().writeValueAsString(input)).get("features")).hasSize(2);
  }

  @Test
  void featuresWithAFeatureNameOrABlankFeatureAreProblems() throws Exception {
    PipelineInput both = FloeJson.mapper().readValue("""
        {"features": ["spending_mean_7d"], "feature_name": "distinct_vendors_7d"}
        """, PipelineInput.class);
    PipelineInput blank = FloeJson.mapper().readValue("{\"features\": [\"a\", \" \"]}", PipelineInput.class);

    assertThat(both.problems()).containsOnlyKeys("features");
    assertThat(blank.problems()).containsOnlyKeys("features");
    assertThat(PipelineInput.defaults().problems()).isEmpty();
  }

  @Test
  void ingestRunIngestsTheFileInsteadOfGenerating(WorkflowClient client, WorkflowOptions options) {
    PipelineInput input = new PipelineInput(null, null, null, null, null, null, null, null, null, "/data/tx.csv", null, null, null, null);

    PipelineResult result = client.newWorkflowStub(FeaturePipeline.class, options).run(input);

    assertThat(activities.activityTypes()).containsExactly("Ingest", "Featurize", "Calibrate", "Register");
    assertThat(activities.requests.get(0)).isEqualTo(new IngestRequest("/data/tx.csv"));
    assertThat(result.source()).isEqualTo("ingest");
    assertThat(result.rowsAppended()).isEqualTo(12);
  }

  @Test
  void existingRunFeaturizesWhatIsThere(WorkflowClient client, WorkflowOptions options) {
    PipelineInput input = new PipelineInput("existing", null, null, null, null, null, null, null, null, null, null, null, null, null);

    PipelineResult result = client.newWorkflowStub(FeaturePipeline.class, options).run(input);

    assertThat(activities.activityTypes()).containsExactly("Featurize", "Calibrate", "Register");
    assertThat(result.appendedSnapshotId()).isNull();
    assertThat(result.rowsAppended()).isZero();
    assertThat(result.rawSnapshotId()).isEqualTo(FakePipelineActivities.RAW_SNAPSHOT);
  }

  @Test
  void invalidInputFromAStepFailsTheRunWithItsMessageWithoutRetrying(WorkflowClient client, WorkflowOptions options) {
    activities.failing(PipelineStep.CALIBRATE,
        ApplicationFailure.newNonRetryableFailure("Training window 2025-01-01..2025-01-30 holds no feature rows", "EmptyWindow"));
    FeaturePipeline pipeline = client.newWorkflowStub(FeaturePipeline.class, options);

    WorkflowFailedException failure =
        catchThrowableOfType(WorkflowFailedException.class, () -> pipeline.run(PipelineInput.defaults()));

    assertThat(failure.getCause()).isInstanceOfSatisfying(ApplicationFailure.class, cause -> {
      assertThat(cause.getType()).isEqualTo("EmptyWindow");
      assertThat(cause.getOriginalMessage()).isEqualTo("Training window 2025-01-01..2025-01-30 holds no feature rows");
    });
    assertThat(activities.activityTypes()).containsExactly("Generate", "Featurize", "Calibrate");
    PipelineProgress progress = pipeline.progress();
    assertThat(progress.status()).isEqualTo(PipelineProgress.FAILED);
    assertThat(progress.currentStep()).isEqualTo(PipelineStep.CALIBRATE);
    assertThat(progress.error()).contains("holds no feature rows");
  }

  @Test
  void floeUserErrorTypesAreNeverRetriedEvenIfMarkedRetryable(WorkflowClient client, WorkflowOptions options) {
    // Defence in depth: the retry policy itself names the types, should an activity forget the flag.
    activities.failing(PipelineStep.FEATURIZE, ApplicationFailure.newFailure("Table raw_events does not exist", "NotFound"));

    WorkflowFailedException failure = catchThrowableOfType(WorkflowFailedException.class,
        () -> client.newWorkflowStub(FeaturePipeline.class, options).run(PipelineInput.defaults()));

    assertThat(((ApplicationFailure) failure.getCause()).getType()).isEqualTo("NotFound");
    assertThat(activities.activityTypes()).containsExactly("Generate", "Featurize");
  }

  @Test
  void transientFailuresAreRetriedWithBackoff(WorkflowClient client, WorkflowOptions options) {
    activities.failing(PipelineStep.FEATURIZE,
        ApplicationFailure.newFailure("disk hiccup", "Storage"), new IllegalStateException("commit conflict"));

    PipelineResult result = client.newWorkflowStub(FeaturePipeline.class, options).run(PipelineInput.defaults());

    assertThat(activities.activityTypes()).containsExactly("Generate", "Featurize", "Featurize", "Featurize", "Calibrate", "Register");
    assertThat(activities.attempts.get(3).getAttempt()).isEqualTo(3);
    // Backoff 1 s then 2 s, in skipped time.
    assertThat(result.steps().get(1).millis()).isGreaterThanOrEqualTo(3_000);
  }

  @Test
  void everyStepHasExplicitTimeoutsARetryPolicyAndAHeartbeatTimeout(WorkflowClient client, WorkflowOptions options) {
    FeaturePipeline pipeline = client.newWorkflowStub(FeaturePipeline.class, options);
    pipeline.run(PipelineInput.defaults());

    List<ActivityTaskScheduledEventAttributes> scheduled =
        client.fetchHistory(WorkflowStub.fromTyped(pipeline).getExecution().getWorkflowId()).getEvents().stream()
            .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
            .map(HistoryEvent::getActivityTaskScheduledEventAttributes)
            .toList();
    assertThat(scheduled).hasSize(4).allSatisfy(step -> {
      assertThat(Durations.toMillis(step.getStartToCloseTimeout())).isPositive();
      assertThat(Durations.toMillis(step.getHeartbeatTimeout())).isEqualTo(FeaturePipelineImpl.HEARTBEAT_TIMEOUT.toMillis());
      assertThat(step.getRetryPolicy().getMaximumAttempts()).isEqualTo(8);
      assertThat(step.getRetryPolicy().getNonRetryableErrorTypesList())
          .containsExactlyInAnyOrderElementsOf(FeaturePipelineImpl.NON_RETRYABLE_TYPES);
    });
  }

  @Test
  void inconsistentInputFailsBeforeAnyStep(WorkflowClient client, WorkflowOptions options) {
    PipelineInput input = new PipelineInput("ingest", null, null, null, null, null, null, List.of("a.json"), null, null, 1.5, null, null, null);

    WorkflowFailedException failure = catchThrowableOfType(WorkflowFailedException.class,
        () -> client.newWorkflowStub(FeaturePipeline.class, options).run(input));

    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertThat(cause.getType()).isEqualTo("InvalidInput");
    assertThat(cause.getOriginalMessage())
        .contains("source 'ingest' needs ingest_file")
        .contains("anomaly_files and anomalies apply only when source is 'generate'")
        .contains("quantile must be in (0, 1], not 1.5");
    assertThat(activities.attempts).isEmpty();
  }

  @Test
  void progressQueryNamesTheRunningStepAndWhatIsDone(WorkflowClient client, WorkflowOptions options) throws Exception {
    CountDownLatch release = activities.blocking(PipelineStep.FEATURIZE);
    FeaturePipeline pipeline = client.newWorkflowStub(FeaturePipeline.class, options);
    WorkflowClient.start(pipeline::run, PipelineInput.defaults());
    assertThat(activities.awaitFeaturizeStarted()).isTrue();

    PipelineProgress during = pipeline.progress();
    release.countDown();
    WorkflowStub.fromTyped(pipeline).getResult(PipelineResult.class);
    PipelineProgress after = pipeline.progress();

    assertThat(during.status()).isEqualTo(PipelineProgress.RUNNING);
    assertThat(during.steps()).containsExactly(PipelineStep.GENERATE, PipelineStep.FEATURIZE, PipelineStep.CALIBRATE, PipelineStep.REGISTER);
    assertThat(during.currentStep()).isEqualTo(PipelineStep.FEATURIZE);
    assertThat(during.completed()).extracting(StepDuration::step).containsExactly(PipelineStep.GENERATE);
    assertThat(during.fractionDone()).isEqualTo(0.25);
    assertThat(during.rawSnapshotId()).isEqualTo(FakePipelineActivities.RAW_SNAPSHOT);
    assertThat(after.status()).isEqualTo(PipelineProgress.COMPLETED);
    assertThat(after.currentStep()).isNull();
    assertThat(after.fractionDone()).isEqualTo(1.0);
    assertThat(after.modelVersion()).isNotNull();
    assertThat(after.featureSnapshotId()).isEqualTo(FakePipelineActivities.FEATURE_SNAPSHOT);
  }

  @Test
  void memoCarriesTheIds(WorkflowClient client, WorkflowOptions options) {
    FeaturePipeline pipeline = client.newWorkflowStub(FeaturePipeline.class, options);
    PipelineResult result = pipeline.run(PipelineInput.defaults());

    var description = client.newUntypedWorkflowStub(result.workflowId()).describe();

    assertThat(description.getMemo(PipelineMemo.MODEL_VERSION, String.class)).isEqualTo(result.modelVersion());
    assertThat(description.getMemo(PipelineMemo.THRESHOLD, Double.class)).isEqualTo(result.threshold());
    assertThat(description.getMemo(PipelineMemo.RAW_SNAPSHOT_ID, Long.class)).isEqualTo(result.rawSnapshotId());
    assertThat(description.getMemo(PipelineMemo.FEATURE_SNAPSHOT_ID, Long.class)).isEqualTo(result.featureSnapshotId());
  }

  @Test
  void rawJsonPayloadWithUnknownFieldsRunsAsTheTemporalCliSendsIt(
      TestWorkflowEnvironment environment, WorkflowClient client, WorkflowOptions options) throws Exception {
    String json = "{\"users\": 5, \"events\": 50, \"priority\": \"high\", \"nested\": {\"x\": [1, 2]}}";
    String workflowId = "cli-" + UUID.randomUUID();
    environment.getWorkflowServiceStubs().blockingStub().startWorkflowExecution(
        StartWorkflowExecutionRequest.newBuilder()
            .setNamespace(environment.getNamespace())
            .setRequestId(UUID.randomUUID().toString())
            .setWorkflowId(workflowId)
            .setWorkflowType(WorkflowType.newBuilder().setName(FeaturePipeline.WORKFLOW_TYPE))
            .setTaskQueue(TaskQueue.newBuilder().setName(options.getTaskQueue()))
            .setInput(Payloads.newBuilder().addPayloads(Payload.newBuilder()
                .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
                .setData(ByteString.copyFrom(json, StandardCharsets.UTF_8))))
            .build());

    PipelineResult result = client.newUntypedWorkflowStub(workflowId).getResult(10, TimeUnit.SECONDS, PipelineResult.class);

    assertThat(result.modelVersion()).startsWith("v");
    assertThat(((GenerateRequest) activities.requests.get(0)).users()).isEqualTo(5);
  }

  @Test
  void badlyTypedInputFailsTheRunInsteadOfStalling(
      TestWorkflowEnvironment environment, WorkflowClient client, WorkflowOptions options) throws Exception {
    String workflowId = "bad-" + UUID.randomUUID();
    environment.getWorkflowServiceStubs().blockingStub().startWorkflowExecution(
        StartWorkflowExecutionRequest.newBuilder()
            .setNamespace(environment.getNamespace())
            .setRequestId(UUID.randomUUID().toString())
            .setWorkflowId(workflowId)
            .setWorkflowType(WorkflowType.newBuilder().setName(FeaturePipeline.WORKFLOW_TYPE))
            .setTaskQueue(TaskQueue.newBuilder().setName(options.getTaskQueue()))
            .setWorkflowRunTimeout(Durations.fromMinutes(5))
            .setInput(Payloads.newBuilder().addPayloads(Payload.newBuilder()
                .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
                .setData(ByteString.copyFromUtf8("{\"users\": \"many\"}"))))
            .build());

    WorkflowFailedException failure = catchThrowableOfType(WorkflowFailedException.class,
        () -> client.newUntypedWorkflowStub(workflowId).getResult(10, TimeUnit.SECONDS, PipelineResult.class));

    assertThat(failure.getCause()).isInstanceOf(ApplicationFailure.class);
    assertThat(failure.getCause().getMessage()).contains("users");
    assertThat(activities.attempts).isEmpty();
  }
}
