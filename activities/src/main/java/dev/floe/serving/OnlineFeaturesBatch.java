package dev.floe.serving;

import java.util.List;

/** The online answers for several users, in the order asked, all from snapshot {@code snapshotId}. */
public record OnlineFeaturesBatch(Long snapshotId, List<OnlineFeatures> features) {
  public OnlineFeaturesBatch {
    features = List.copyOf(features);
  }
}
