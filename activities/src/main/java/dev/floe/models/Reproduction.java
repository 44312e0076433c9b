package dev.floe.models;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What {@code floe reproduce V} found: model V's features recomputed from its recorded raw_events
 * snapshot compared with its recorded feature snapshot (row count and an order-independent
 * fingerprint), its threshold recomputed on those features compared with the registered one, and
 * the feature statement's hash today compared with the recorded one. {@code reproduced} is true only
 * when nothing differs; {@code differences} says what did, one entry each. For a model on several
 * features, {@code features} has each feature's comparison, and the top-level fingerprints and
 * threshold are its first feature's (as the model card's threshold is); for a model on one it is
 * empty and left out of the JSON, which stays as it was.
 */
public record Reproduction(
    String modelVersion,
    boolean reproduced,
    String verdict,
    List<String> differences,
    long rawEventsSnapshotId,
    long featureSnapshotId,
    String recordedSqlHash,
    String currentSqlHash,
    long recordedFeatureRows,
    long recomputedFeatureRows,
    String recordedFingerprint,
    String recomputedFingerprint,
    double recordedThreshold,
    double recomputedThreshold,
    Long recordedTrainingRows,
    long recomputedTrainingRows,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FeatureReproduction> features) {
  public Reproduction {
    requireNonNull(modelVersion, "modelVersion is null");
    requireNonNull(verdict, "verdict is null");
    differences = List.copyOf(differences);
    features = features == null ? List.of() : List.copyOf(features);
  }
}
