package dev.floe.serving;

import static java.util.Objects.requireNonNull;

import dev.floe.pointintime.NewestFeatureRows;
import dev.floe.pointintime.PointInTimeColumns;
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
  private final List<String> columns;
  private final long[] userIds;
  private final NewestFeatureRows[] rows;

  private LatestFeatures(long snapshotId, long sequenceNumber, List<String> columns, NewestFeatureRows[] rows) {
    this.snapshotId = snapshotId;
    this.sequenceNumber = sequenceNumber;
    this.columns = List.copyOf(columns);
    this.rows = rows;
    this.userIds = Arrays.stream(rows).mapToLong(NewestFeatureRows::userId).toArray();
  }

  /**
   * The rows of snapshot {@code snapshotId}, whose Iceberg sequence number orders it among other
   * snapshots (a store never goes back to an older one); at most one entry per user.
   */
  public static LatestFeatures of(long snapshotId, long sequenceNumber, List<NewestFeatureRows> rows) {
    return of(snapshotId, sequenceNumber, PointInTimeColumns.DEFAULT.names(), rows);
  }

  /**
   * As {@link #of(long, long, List)} for a snapshot whose feature {@code columns} (spending_mean_7d
   * first) every row holds: the others in each row's {@code features}.
   */
  public static LatestFeatures of(
      long snapshotId, long sequenceNumber, List<String> columns, List<NewestFeatureRows> rows) {
    requireNonNull(columns, "columns is null");
    requireNonNull(rows, "rows is null");
    NewestFeatureRows[] sorted = rows.toArray(NewestFeatureRows[]::new);
    Arrays.sort(sorted, Comparator.comparingLong(NewestFeatureRows::userId));
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i].userId() == sorted[i - 1].userId()) {
        throw new IllegalArgumentException(
            "Snapshot " + snapshotId + " has two entries of newest rows for user " + sorted[i].userId());
      }
    }
    return new LatestFeatures(snapshotId, sequenceNumber, columns, sorted);
  }

  public long snapshotId() {
    return snapshotId;
  }

  public long sequenceNumber() {
    return sequenceNumber;
  }

  /** The feature columns every row holds, spending_mean_7d first. */
  public List<String> columns() {
    return columns;
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
