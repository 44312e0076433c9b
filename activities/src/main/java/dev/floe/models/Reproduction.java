package dev.floe.models;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What {@code floe reproduce V} found: model V's features recomputed from its recorded raw_events
 * snapshot compared with its recorded feature snapshot (row count and an order-independent
 * fingerprint), its threshold recomputed on those features compared with the registered one, and
 * the feature statement's hash today compared with the recorded one. {@code reproduced} is true only
 * when nothing differs; {@code differences} says what did, one entry each.
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
    long recomputedTrainingRows) {
  public Reproduction {
    requireNonNull(modelVersion, "modelVersion is null");
    requireNonNull(verdict, "verdict is null");
    differences = List.copyOf(differences);
  }
}
