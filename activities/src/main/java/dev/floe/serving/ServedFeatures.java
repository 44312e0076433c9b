package dev.floe.serving;

import dev.floe.pointintime.NewestFeatureRows;
import java.util.Map;

/**
 * What a store answered for some users, all from one snapshot: {@code snapshotId} is null when the
 * store serves nothing yet, and {@code found} holds only the users that snapshot has, each with the
 * newest rows kept for it (which of them is known is the reader's question: it depends on the clock).
 */
public record ServedFeatures(Long snapshotId, Map<Long, NewestFeatureRows> found) {
  public ServedFeatures {
    found = Map.copyOf(found);
  }
}
