package dev.floe.worker;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.floe.workflows.FeatureCalibration;
import dev.floe.workflows.ModelCard;
import java.util.List;

/**
 * A model as {@code train} and {@code models} print it: the seed's version and card, and apart from
 * them the lineage Floe adds (who trained it, on how many rows, with which SQL).
 */
record RegisteredModel(
    String modelVersion,
    SeedModelCard modelCard,
    Lineage lineage,
    // Only a model on several features has them: a single-feature model prints as it always did.
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FeatureCalibration> features) {

  record Lineage(
      String workflowId,
      String runId,
      Long trainingRows,
      Double featureMean,
      Double featureStd,
      String sqlHash,
      String floeVersion,
      Long snapshotId) {}

  static RegisteredModel of(ModelCard card) {
    return new RegisteredModel(
        card.modelVersion(),
        SeedModelCard.of(card),
        new Lineage(
            card.workflowId(),
            card.runId(),
            card.trainingRows(),
            card.featureMean(),
            card.featureStd(),
            card.sqlHash(),
            card.floeVersion(),
            card.snapshotId()),
        card.features());
  }
}
