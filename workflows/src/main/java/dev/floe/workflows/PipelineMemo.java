package dev.floe.workflows;

import io.temporal.common.SearchAttributeKey;

/**
 * The ids a run publishes beside its result: as memo fields (every server keeps them) and, where the
 * server has them registered, as typed search attributes so runs can be found by model or snapshot.
 */
public final class PipelineMemo {
  public static final String MODEL_VERSION = "model_version";
  public static final String THRESHOLD = "threshold";
  public static final String RAW_SNAPSHOT_ID = "raw_snapshot_id";
  public static final String FEATURE_SNAPSHOT_ID = "feature_snapshot_id";

  public static final SearchAttributeKey<String> MODEL_VERSION_ATTRIBUTE = SearchAttributeKey.forKeyword("FloeModelVersion");
  public static final SearchAttributeKey<Long> RAW_SNAPSHOT_ATTRIBUTE = SearchAttributeKey.forLong("FloeRawSnapshotId");
  public static final SearchAttributeKey<Long> FEATURE_SNAPSHOT_ATTRIBUTE = SearchAttributeKey.forLong("FloeFeatureSnapshotId");

  private PipelineMemo() {}

  /** Whether the server this worker talks to has Floe's search attributes registered. */
  public enum SearchAttributeSupport {
    AVAILABLE,
    UNAVAILABLE
  }
}
