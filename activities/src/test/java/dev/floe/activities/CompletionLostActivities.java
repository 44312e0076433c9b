package dev.floe.activities;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.workflows.CalibrateRequest;
import dev.floe.workflows.Calibration;
import dev.floe.workflows.FeaturizeRequest;
import dev.floe.workflows.FeaturizeResult;
import dev.floe.workflows.GenerateRequest;
import dev.floe.workflows.GenerateResult;
import dev.floe.workflows.IngestRequest;
import dev.floe.workflows.IngestResult;
import dev.floe.workflows.MaterializeRequest;
import dev.floe.workflows.Materialization;
import dev.floe.workflows.ModelCard;
import dev.floe.workflows.PipelineActivities;
import dev.floe.workflows.RegisterRequest;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The fault exactly-once must survive: every step does its work (and commits), then its first
 * attempt fails as if the worker had died before reporting completion. The retry must find the
 * commit instead of committing again.
 */
final class CompletionLostActivities implements PipelineActivities {
  private final PipelineActivities real;
  final AtomicInteger lostCompletions = new AtomicInteger();

  CompletionLostActivities(PipelineActivities real) {
    this.real = real;
  }

  @Override
  public GenerateResult generate(GenerateRequest request, List<String> anomalyFiles, JsonNode anomalies) {
    return loseFirstCompletion(() -> real.generate(request, anomalyFiles, anomalies));
  }

  @Override
  public IngestResult ingest(IngestRequest request) {
    return loseFirstCompletion(() -> real.ingest(request));
  }

  @Override
  public FeaturizeResult featurize(FeaturizeRequest request) {
    return loseFirstCompletion(() -> real.featurize(request));
  }

  @Override
  public Calibration calibrate(CalibrateRequest request) {
    return loseFirstCompletion(() -> real.calibrate(request));
  }

  @Override
  public ModelCard register(RegisterRequest request) {
    return loseFirstCompletion(() -> real.register(request));
  }

  @Override
  public Materialization materialize(MaterializeRequest request) {
    return loseFirstCompletion(() -> real.materialize(request));
  }

  private <T> T loseFirstCompletion(Supplier<T> step) {
    T result = step.get();
    if (Activity.getExecutionContext().getInfo().getAttempt() == 1) {
      lostCompletions.incrementAndGet();
      throw ApplicationFailure.newFailure("injected: completion lost after the step committed", "InjectedFault");
    }
    return result;
  }
}
