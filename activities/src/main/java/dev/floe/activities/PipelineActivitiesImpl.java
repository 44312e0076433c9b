package dev.floe.activities;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.error.FloeException;
import dev.floe.error.StorageFailures;
import dev.floe.fault.FaultInjection;
import dev.floe.features.Featurizer;
import dev.floe.generate.AnomalySpecs;
import dev.floe.generate.EventGenerator;
import dev.floe.ingest.EventIngester;
import dev.floe.models.Calibrator;
import dev.floe.models.ModelRegistry;
import dev.floe.workflows.AnomalySpec;
import dev.floe.workflows.CalibrateRequest;
import dev.floe.workflows.Calibration;
import dev.floe.workflows.FeaturePipelineImpl;
import dev.floe.workflows.FeaturizeRequest;
import dev.floe.workflows.FeaturizeResult;
import dev.floe.workflows.GenerateRequest;
import dev.floe.workflows.GenerateResult;
import dev.floe.workflows.IngestRequest;
import dev.floe.workflows.IngestResult;
import dev.floe.serving.MaterializeResult;
import dev.floe.serving.OnlineMaterializer;
import dev.floe.serving.OnlineStore;
import dev.floe.serving.OnlineStores;
import dev.floe.workflows.MaterializeRequest;
import dev.floe.workflows.Materialization;
import dev.floe.workflows.ModelCard;
import dev.floe.workflows.PipelineActivities;
import dev.floe.workflows.PipelineStep;
import dev.floe.workflows.RegisterRequest;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's activities: a thin adapter from Temporal to the library steps. It derives each
 * step's commit lineage from the activity's workflow id and run id (so a retried attempt finds its
 * own earlier commit), heartbeats while a step runs, and maps Floe's errors to ApplicationFailures.
 */
public final class PipelineActivitiesImpl implements PipelineActivities, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PipelineActivitiesImpl.class);
  private static final long HEARTBEAT_INTERVAL_MILLIS = FeaturePipelineImpl.HEARTBEAT_TIMEOUT.toMillis() / 5;

  private final FloeCatalog catalog;
  private final EventGenerator generator;
  private final EventIngester ingester;
  private final Featurizer featurizer;
  private final Calibrator calibrator;
  private final ModelRegistry registry;
  private final ScheduledExecutorService heartbeats =
      Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "floe-activity-heartbeats");
        thread.setDaemon(true);
        return thread;
      });

  public PipelineActivitiesImpl(FloeCatalog catalog) {
    this.catalog = catalog;
    this.generator = new EventGenerator(catalog);
    this.ingester = new EventIngester(catalog);
    this.featurizer = new Featurizer(catalog);
    this.calibrator = new Calibrator(catalog);
    this.registry = new ModelRegistry(catalog);
  }

  @Override
  public GenerateResult generate(GenerateRequest request, List<String> anomalyFiles, JsonNode anomalies) {
    return step(PipelineStep.GENERATE, lineage -> {
      List<AnomalySpec> specs = new ArrayList<>(request.anomalies());
      for (String file : anomalyFiles) {
        specs.addAll(AnomalySpecs.read(Path.of(file), request.days()));
      }
      if (anomalies != null) {
        specs.addAll(AnomalySpecs.parse(anomalies.toString(), "Input field 'anomalies'", request.days()));
      }
      GenerateRequest withSpecs = new GenerateRequest(
          request.users(), request.events(), request.days(), request.endDate(), request.seed(), request.batches(), specs);
      return generator.generate(withSpecs, lineage);
    });
  }

  @Override
  public IngestResult ingest(IngestRequest request) {
    return step(PipelineStep.INGEST, lineage -> ingester.ingest(request, lineage));
  }

  @Override
  public FeaturizeResult featurize(FeaturizeRequest request) {
    return step(PipelineStep.FEATURIZE, lineage -> featurizer.featurize(request, lineage));
  }

  @Override
  public Calibration calibrate(CalibrateRequest request) {
    return step(
        PipelineStep.CALIBRATE,
        lineage ->
            request.features().isEmpty()
                ? calibrator.calibrate(request)
                : calibrator.calibrate(request, request.features()));
  }

  @Override
  public ModelCard register(RegisterRequest request) {
    return step(PipelineStep.REGISTER, lineage -> registry.register(request, lineage));
  }

  @Override
  public Materialization materialize(MaterializeRequest request) {
    return step(PipelineStep.MATERIALIZE, lineage -> {
      try (OnlineStore store = OnlineStores.open(request.onlineStore())) {
        MaterializeResult result = new OnlineMaterializer(catalog, store).materialize(request.featureSnapshotId());
        return new Materialization(result.snapshotId(), result.published(), result.users());
      }
    });
  }

  private <T> T step(PipelineStep step, Function<CommitLineage, T> body) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    ActivityInfo info = context.getInfo();
    CommitLineage lineage = new CommitLineage(info.getWorkflowId(), info.getWorkflowRunId(), step.stepName());
    long startNanos = System.nanoTime();
    // The step is one blocking call; a side thread tells the server this worker is still alive, so
    // a worker that dies is noticed within the heartbeat timeout instead of the step's whole budget.
    ScheduledFuture<?> heartbeat = heartbeats.scheduleAtFixedRate(
        () -> beat(context, step, startNanos), 0, HEARTBEAT_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    try {
      FaultInjection.at(step.stepName(), FaultInjection.Point.STARTED);
      return body.apply(lineage);
    } catch (FloeException e) {
      throw toFailure(e);
    } catch (RuntimeException e) {
      Optional<FloeException> storage = StorageFailures.recognise(e);
      if (storage.isPresent()) {
        throw toFailure(storage.get());
      }
      throw e;
    } finally {
      heartbeat.cancel(false);
    }
  }

  private static void beat(ActivityExecutionContext context, PipelineStep step, long startNanos) {
    try {
      context.heartbeat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    } catch (ActivityCompletionException e) {
      // Cancelled or timed out on the server: stop beating (rethrowing ends this periodic task);
      // the step itself runs to completion and its commit is found by the next attempt.
      log.info("Stopped heartbeating {}: {}", step.stepName(), e.getMessage());
      throw e;
    }
  }

  /** Input that can never succeed fails at once; anything else (storage trouble) is retried. */
  static ApplicationFailure toFailure(FloeException e) {
    if (FeaturePipelineImpl.NON_RETRYABLE_TYPES.contains(e.type())) {
      return ApplicationFailure.newNonRetryableFailure(e.getMessage(), e.type());
    }
    return ApplicationFailure.newFailureWithCause(e.getMessage(), e.type(), e);
  }

  @Override
  public void close() {
    heartbeats.shutdownNow();
  }
}
