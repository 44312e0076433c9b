package dev.floe.worker;

import dev.floe.workflows.ModelCard;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The seed's {@code model_card} object, key for key: what a model was trained on and decides with.
 */
record SeedModelCard(
    Instant trainedAt,
    long featureSnapshotId,
    long rawEventsSnapshotId,
    String featureName,
    double decisionThreshold,
    LocalDate trainingWindowStart,
    LocalDate trainingWindowEnd,
    Double quantile) {

  static SeedModelCard of(ModelCard card) {
    return new SeedModelCard(
        card.trainedAt(),
        card.featureSnapshotId(),
        card.rawEventsSnapshotId(),
        card.featureName(),
        card.decisionThreshold(),
        card.trainingWindowStart(),
        card.trainingWindowEnd(),
        card.quantile());
  }
}
