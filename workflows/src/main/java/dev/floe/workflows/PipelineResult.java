package dev.floe.workflows;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * What a pipeline run produced. Only ids and counts: rows never travel through Temporal.
 *
 * @param appendedSnapshotId the raw_events snapshot this run's generate or ingest step committed (or
 *     found, for a file ingested before); null when the run used the existing data
 * @param rowsAppended rows that snapshot added (0 when nothing was appended)
 * @param rawSnapshotId the raw_events snapshot the features (and so the model) were built from
 * @param featureSnapshotId the user_features snapshot the model was calibrated on
 * @param featureRows rows in that feature snapshot
 * @param featuresCommitted false when the features were already current and nothing was committed
 * @param trainingRows feature rows inside the training window
 */
public record PipelineResult(
    String workflowId,
    String runId,
    Instant startedAt,
    String source,
    Long appendedSnapshotId,
    long rowsAppended,
    List<AnomalyOutcome> anomalies,
    long rawSnapshotId,
    long featureSnapshotId,
    long featureRows,
    boolean featuresCommitted,
    String modelVersion,
    double threshold,
    long trainingRows,
    List<StepDuration> steps,
    long totalMillis) {
  public PipelineResult {
    requireNonNull(workflowId, "workflowId is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(modelVersion, "modelVersion is null");
    anomalies = anomalies == null ? List.of() : List.copyOf(anomalies);
    steps = steps == null ? List.of() : List.copyOf(steps);
  }
}
