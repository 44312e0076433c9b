package dev.floe.serving;

import dev.floe.pointintime.NewestFeatureRows;
import dev.floe.pointintime.PointInTimeColumns;
import java.util.List;
import java.util.Map;

/**
 * What a store answered for some users, all from one snapshot: {@code snapshotId} is null when the
 * store serves nothing yet, and {@code found} holds only the users that snapshot has, each with the
 * newest rows kept for it (which of them is known is the reader's question: it depends on the clock),
 * and {@code columns}, the features every row of the snapshot holds (spending_mean_7d first).
 */
public record ServedFeatures(Long snapshotId, List<String> columns, Map<Long, NewestFeatureRows> found) {
  public ServedFeatures {
    columns = List.copyOf(columns);
    found = Map.copyOf(found);
  }

  public ServedFeatures(Long snapshotId, Map<Long, NewestFeatureRows> found) {
    this(snapshotId, PointInTimeColumns.DEFAULT.names(), found);
  }
}
