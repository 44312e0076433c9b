package dev.floe.serving;

import dev.floe.pointintime.NewestFeatureRows;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The default online store: the latest rows held in the serving process itself. A publish is one
 * reference swap, and a read takes the reference once, so it sees one snapshot from start to end.
 */
public final class EmbeddedOnlineStore implements OnlineStore {
  private final AtomicReference<LatestFeatures> served = new AtomicReference<>();

  @Override
  public OptionalLong servedSnapshotId() {
    LatestFeatures current = served.get();
    return current == null ? OptionalLong.empty() : OptionalLong.of(current.snapshotId());
  }

  @Override
  public boolean publish(LatestFeatures latest) {
    LatestFeatures kept =
        served.accumulateAndGet(
            latest,
            (current, candidate) ->
                current == null || candidate.sequenceNumber() >= current.sequenceNumber() ? candidate : current);
    return kept == latest;
  }

  @Override
  public ServedFeatures read(List<Long> userIds) {
    LatestFeatures current = served.get();
    if (current == null) {
      return new ServedFeatures(null, Map.of());
    }
    Map<Long, NewestFeatureRows> found = new HashMap<>();
    for (long userId : userIds) {
      NewestFeatureRows row = current.find(userId);
      if (row != null) {
        found.put(userId, row);
      }
    }
    return new ServedFeatures(current.snapshotId(), current.columns(), found);
  }

  @Override
  public void close() {
    served.set(null);
  }
}
