package dev.floe.serving;

import dev.floe.pointintime.FeatureValue;
import java.util.Map;

/**
 * What a store answered for some users, all from one snapshot: {@code snapshotId} is null when the
 * store serves nothing yet, and {@code found} holds only the users that snapshot has.
 */
public record ServedFeatures(Long snapshotId, Map<Long, FeatureValue> found) {
  public ServedFeatures {
    found = Map.copyOf(found);
  }
}
