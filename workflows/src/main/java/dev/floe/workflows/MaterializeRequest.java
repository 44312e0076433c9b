package dev.floe.workflows;

import static java.util.Objects.requireNonNull;

/**
 * Asks the materialize step to publish feature snapshot {@code featureSnapshotId} to the online
 * store {@code onlineStore} (a Redis URI, see {@link PipelineInput}).
 */
public record MaterializeRequest(long featureSnapshotId, String onlineStore) {
  public MaterializeRequest {
    requireNonNull(onlineStore, "onlineStore is null");
  }
}
