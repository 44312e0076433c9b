package dev.floe.serving;

import static java.util.Objects.requireNonNull;

import dev.floe.pointintime.NewestFeatureRows;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Every user's newest feature rows of one {@code user_features} snapshot (the newest and the one
 * before it): what an online store keeps, so a read at any instant can pick the newest row known
 * then. Immutable, sorted by user id, so a lookup is a binary search and a whole snapshot can be
 * swapped in with one reference write.
 */
public final class LatestFeatures {
  private final long snapshotId;
  private final long sequenceNumber;
  private final long[] userIds;
  private final NewestFeatureRows[] rows;

  private LatestFeatures(long snapshotId, long sequenceNumber, NewestFeatureRows[] rows) {
    this.snapshotId = snapshotId;
    this.sequenceNumber = sequenceNumber;
    this.rows = rows;
    this.userIds = Arrays.stream(rows).mapToLong(NewestFeatureRows::userId).toArray();
  }

  /**
   * The rows of snapshot {@code snapshotId}, whose Iceberg sequence number orders it among other
   * snapshots (a store never goes back to an older one); at most one entry per user.
   */
  public static LatestFeatures of(long snapshotId, long sequenceNumber, List<NewestFeatureRows> rows) {
    requireNonNull(rows, "rows is null");
    NewestFeatureRows[] sorted = rows.toArray(NewestFeatureRows[]::new);
    Arrays.sort(sorted, Comparator.comparingLong(NewestFeatureRows::userId));
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i].userId() == sorted[i - 1].userId()) {
        throw new IllegalArgumentException(
            "Snapshot " + snapshotId + " has two entries of newest rows for user " + sorted[i].userId());
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

  /** The user's newest rows, or null when the snapshot has none. */
  public NewestFeatureRows find(long userId) {
    int index = Arrays.binarySearch(userIds, userId);
    return index >= 0 ? rows[index] : null;
  }

  public List<NewestFeatureRows> rows() {
    return List.of(rows);
  }
}
