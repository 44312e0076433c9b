package dev.floe.workflows;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A registered model: one row of model_training_metadata. The first nine fields (after the
 * version) are the seed's {@code model_card} keys; the rest is lineage.
 */
public record ModelCard(
    String modelVersion,
    Instant trainedAt,
    long featureSnapshotId,
    long rawEventsSnapshotId,
    String featureName,
    double decisionThreshold,
    LocalDate trainingWindowStart,
    LocalDate trainingWindowEnd,
    Double quantile,
    String workflowId,
    String runId,
    Long trainingRows,
    Double featureMean,
    Double featureStd,
    String sqlHash,
    String floeVersion,
    Long snapshotId) {}
