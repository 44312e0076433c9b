package dev.floe.features.registry;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What one {@code floe features apply} did.
 *
 * @param table the registry table, feature_definitions
 * @param snapshotId the feature_definitions snapshot now current (null: still none)
 * @param rows the definition versions this apply recorded (0 when nothing changed)
 * @param committed whether this apply committed a new registry snapshot
 * @param addedColumns the user_features columns added by schema evolution, in definition order
 * @param features every definition applied, with its version and what happened to it
 * @param keptFeatures features the registry holds that the folder no longer defines; applying
 *     never removes a feature, as models may use it
 */
public record FeatureApplyResult(
    String table,
    Long snapshotId,
    int rows,
    boolean committed,
    List<String> addedColumns,
    List<AppliedFeature> features,
    List<String> keptFeatures) {
  public FeatureApplyResult {
    requireNonNull(table, "table is null");
    addedColumns = List.copyOf(addedColumns);
    features = List.copyOf(features);
    keptFeatures = List.copyOf(keptFeatures);
  }

  /** What applying did to one definition. */
  public enum Change {
    ADDED,
    UPDATED,
    UNCHANGED
  }

  public record AppliedFeature(String name, int version, Change change, String file) {
    public AppliedFeature {
      requireNonNull(name, "name is null");
      requireNonNull(change, "change is null");
      requireNonNull(file, "file is null");
    }
  }
}
