package dev.floe.serving;

import static java.util.Objects.requireNonNull;

import dev.floe.pointintime.FeatureValue;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Every user's latest feature row of one {@code user_features} snapshot: what an online store
 * serves. Immutable, sorted by user id, so a lookup is a binary search and a whole snapshot can be
 * swapped in with one reference write.
 */
public final class LatestFeatures {
  private final long snapshotId;
  private final long sequenceNumber;
  private final long[] userIds;
  private final FeatureValue[] rows;

  private LatestFeatures(long snapshotId, long sequenceNumber, FeatureValue[] rows) {
    this.snapshotId = snapshotId;
    this.sequenceNumber = sequenceNumber;
    this.rows = rows;
    this.userIds = Arrays.stream(rows).mapToLong(FeatureValue::userId).toArray();
  }

  /**
   * The rows of snapshot {@code snapshotId}, whose Iceberg sequence number orders it among other
   * snapshots (a store never goes back to an older one); at most one row per user.
   */
  public static LatestFeatures of(long snapshotId, long sequenceNumber, List<FeatureValue> rows) {
    requireNonNull(rows, "rows is null");
    FeatureValue[] sorted = rows.toArray(FeatureValue[]::new);
    Arrays.sort(sorted, Comparator.comparingLong(FeatureValue::userId));
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i].userId() == sorted[i - 1].userId()) {
        throw new IllegalArgumentException(
            "Snapshot " + snapshotId + " has two latest rows for user " + sorted[i].userId());
      }
    }
    return new LatestFeatures(snapshotId, sequenceNumber, sorted);
  }

  public long snapshotId() {
    return snapshotId;
  }

  public long sequenceNumber() {
    return sequenceNumber;
  }

  public int size() {
    return rows.length;
  }

  /** The user's row, or null when the snapshot has none. */
  public FeatureValue find(long userId) {
    int index = Arrays.binarySearch(userIds, userId);
    return index >= 0 ? rows[index] : null;
  }

  public List<FeatureValue> rows() {
    return List.of(rows);
  }
}
