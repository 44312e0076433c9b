package dev.floe.worker.bench;

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
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The real steps, timed from inside: what a run spends in its steps, so the rest of its wall time
 * is what Temporal adds (scheduling, dispatch, history), measured within one run.
 */
final class StepTimingActivities implements PipelineActivities {
  private final PipelineActivities steps;
  private final AtomicLong nanosInSteps = new AtomicLong();

  StepTimingActivities(PipelineActivities steps) {
    this.steps = steps;
  }

  double secondsInSteps() {
    return nanosInSteps.get() / 1e9;
  }

  @Override
  public GenerateResult generate(GenerateRequest request, List<String> anomalyFiles, JsonNode anomalies) {
    return timed(() -> steps.generate(request, anomalyFiles, anomalies));
  }

  @Override
  public IngestResult ingest(IngestRequest request) {
    return timed(() -> steps.ingest(request));
  }

  @Override
  public FeaturizeResult featurize(FeaturizeRequest request) {
    return timed(() -> steps.featurize(request));
  }

  @Override
  public Calibration calibrate(CalibrateRequest request) {
    return timed(() -> steps.calibrate(request));
  }

  @Override
  public ModelCard register(RegisterRequest request) {
    return timed(() -> steps.register(request));
  }

  @Override
  public Materialization materialize(MaterializeRequest request) {
    return timed(() -> steps.materialize(request));
  }

  private <T> T timed(Supplier<T> step) {
    long start = System.nanoTime();
    try {
      return step.get();
    } finally {
      nanosInSteps.addAndGet(System.nanoTime() - start);
    }
  }
}
