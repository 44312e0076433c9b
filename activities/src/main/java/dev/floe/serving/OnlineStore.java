package dev.floe.serving;

import java.util.List;
import java.util.OptionalLong;

/**
 * Low-latency storage of every user's latest features from one {@code user_features} snapshot.
 * Readers always see exactly one snapshot: {@link #publish} switches them from the old one to the
 * new one atomically, and a read never mixes rows of two snapshots.
 */
public interface OnlineStore extends AutoCloseable {

  /** The snapshot readers currently see, if any has been published. */
  OptionalLong servedSnapshotId();

  /**
   * Makes {@code latest} the served snapshot, unless the store already serves a newer one (by
   * sequence number), which it keeps. Returns true when readers were switched to {@code latest}
   * or already saw it.
   */
  boolean publish(LatestFeatures latest);

  /** The rows of {@code userIds} in the served snapshot, read consistently from that one snapshot. */
  ServedFeatures read(List<Long> userIds);

  @Override
  void close();
}
