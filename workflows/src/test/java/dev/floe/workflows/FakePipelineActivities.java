package dev.floe.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Hand-written stand-in for the real steps, for workflow-logic tests only: records every attempt,
 * returns plausible ids, and fails or blocks on demand.
 */
final class FakePipelineActivities implements PipelineActivities {
  static final long RAW_SNAPSHOT = 1001;
  static final long FEATURE_SNAPSHOT = 2002;
  static final double THRESHOLD = 3.89;
  private static final DateTimeFormatter VERSION = DateTimeFormatter.ofPattern("'v'yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

  final List<ActivityInfo> attempts = new CopyOnWriteArrayList<>();
  final List<Object> requests = new CopyOnWriteArrayList<>();
  private final Map<PipelineStep, List<RuntimeException>> failures = new EnumMap<>(PipelineStep.class);
  private final Map<PipelineStep, CountDownLatch> gates = new EnumMap<>(PipelineStep.class);
  private final CountDownLatch featurizeStarted = new CountDownLatch(1);

  /** Makes the next attempts of {@code step} throw these, in order, before it succeeds. */
  synchronized FakePipelineActivities failing(PipelineStep step, RuntimeException... errors) {
    failures.computeIfAbsent(step, key -> new ArrayList<>()).addAll(List.of(errors));
    return this;
  }

  /** Makes {@code step} wait until the returned latch is counted down. */
  synchronized CountDownLatch blocking(PipelineStep step) {
    return gates.computeIfAbsent(step, key -> new CountDownLatch(1));
  }

  boolean awaitFeaturizeStarted() throws InterruptedException {
    return featurizeStarted.await(10, TimeUnit.SECONDS);
  }

  List<String> activityTypes() {
    return attempts.stream().map(ActivityInfo::getActivityType).toList();
  }

  @Override
  public GenerateResult generate(GenerateRequest request, List<String> anomalyFiles, JsonNode anomalies) {
    enter(PipelineStep.GENERATE, request);
    List<AnomalyOutcome> outcomes = new ArrayList<>();
    if (anomalies != null) {
      for (JsonNode spec : anomalies) {
        outcomes.add(new AnomalyOutcome(spec.path("user_id").asLong(), spec.path("day").asInt(),
            request.endDate().minusDays(request.days() - 1L - spec.path("day").asInt()), 10, 3, 1, 0));
      }
    }
    return new GenerateResult("raw_events", RAW_SNAPSHOT, request.events(), List.of(RAW_SNAPSHOT), outcomes);
  }

  @Override
  public IngestResult ingest(IngestRequest request) {
    enter(PipelineStep.INGEST, request);
    return new IngestResult("raw_events", RAW_SNAPSHOT, 12, "abc123", false, 0);
  }

  @Override
  public FeaturizeResult featurize(FeaturizeRequest request) {
    featurizeStarted.countDown();
    enter(PipelineStep.FEATURIZE, request);
    LocalDate last = LocalDate.of(2025, 9, 17);
    return new FeaturizeResult("user_features", FEATURE_SNAPSHOT, 3000, RAW_SNAPSHOT, true, 3000, 30, last.minusDays(29), last);
  }

  @Override
  public Calibration calibrate(CalibrateRequest request) {
    enter(PipelineStep.CALIBRATE, request);
    LocalDate end = request.windowEnd() == null ? LocalDate.of(2025, 9, 17) : request.windowEnd();
    LocalDate start = request.windowStart() == null ? end.minusDays(29) : request.windowStart();
    return new Calibration(request.featureSnapshotId(), RAW_SNAPSHOT, request.featureName(), start, end,
        request.quantile(), THRESHOLD, 2500, 40.0, 12.5, "sha256:fake", List.of());
  }

  @Override
  public ModelCard register(RegisterRequest request) {
    enter(PipelineStep.REGISTER, request);
    Calibration calibration = request.calibration();
    ActivityInfo info = Activity.getExecutionContext().getInfo();
    return new ModelCard(VERSION.format(request.startedAt()), request.startedAt(), calibration.featureSnapshotId(),
        calibration.rawEventsSnapshotId(), calibration.featureName(), calibration.threshold(),
        calibration.windowStart(), calibration.windowEnd(), calibration.quantile(), info.getWorkflowId(),
        info.getRunId(), calibration.trainingRows(), calibration.featureMean(), calibration.featureStd(),
        calibration.sqlHash(), "test", 3003L, List.of());
  }

  @Override
  public Materialization materialize(MaterializeRequest request) {
    enter(PipelineStep.MATERIALIZE, request);
    return new Materialization(request.featureSnapshotId(), true, 30);
  }

  static String versionAt(Instant startedAt) {
    return VERSION.format(startedAt);
  }

  private void enter(PipelineStep step, Object request) {
    attempts.add(Activity.getExecutionContext().getInfo());
    requests.add(request);
    RuntimeException failure = nextFailure(step);
    if (failure != null) {
      throw failure;
    }
    CountDownLatch gate;
    synchronized (this) {
      gate = gates.get(step);
    }
    if (gate != null) {
      try {
        if (!gate.await(30, TimeUnit.SECONDS)) {
          throw ApplicationFailure.newNonRetryableFailure("gate never opened", "Test");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ApplicationFailure.newNonRetryableFailure("interrupted", "Test");
      }
    }
  }

  private synchronized RuntimeException nextFailure(PipelineStep step) {
    List<RuntimeException> pending = failures.get(step);
    return pending == null || pending.isEmpty() ? null : pending.remove(0);
  }
}
