package dev.floe.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * The pipeline's steps as activities. Each commits at most once per workflow run: a retried attempt
 * finds the commit an earlier attempt made (by the workflow id, run id and step in the snapshot
 * summary) and returns it. Invalid input fails with a non-retryable ApplicationFailure whose type is
 * InvalidInput, EmptyWindow or NotFound.
 */
@ActivityInterface
public interface PipelineActivities {
  /**
   * Generates synthetic events. {@code anomalyFiles} are read on the worker; {@code anomalies} is an
   * inline JSON array (or single object) of specs, or null.
   */
  GenerateResult generate(GenerateRequest request, List<String> anomalyFiles, JsonNode anomalies);

  IngestResult ingest(IngestRequest request);

  FeaturizeResult featurize(FeaturizeRequest request);

  Calibration calibrate(CalibrateRequest request);

  ModelCard register(RegisterRequest request);

  /**
   * Writes the feature snapshot's latest row per user to the online store and switches its readers
   * to it at once. Publishing a snapshot the store already serves writes nothing, so a retry is safe.
   */
  Materialization materialize(MaterializeRequest request);
}
