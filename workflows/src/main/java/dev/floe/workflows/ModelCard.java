package dev.floe.workflows;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A registered model: one row of model_training_metadata. The first nine fields (after the
 * version) are the seed's {@code model_card} keys; the rest is lineage. {@code features} is empty
 * for a model on one feature; for a model on several it holds each feature's calibration.
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
    Long snapshotId,
    // Left out when empty, so a single-feature model's JSON stays exactly as it was.
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FeatureCalibration> features) {
  public ModelCard {
    features = features == null ? List.of() : List.copyOf(features);
  }
}
