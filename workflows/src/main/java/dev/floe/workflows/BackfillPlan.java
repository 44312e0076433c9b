package dev.floe.workflows;

import java.time.LocalDate;
import java.util.List;

/**
 * A checked backfill: the raw snapshot it reads, the feature snapshot it replaces dates of ({@code
 * baseSnapshotId}, null when user_features is empty; a commit since then to the range fails the
 * backfill), the range, and its chunks in date order.
 */
public record BackfillPlan(
    long rawSnapshotId, Long baseSnapshotId, LocalDate from, LocalDate to, List<BackfillChunkRequest> chunks) {
  public BackfillPlan {
    chunks = List.copyOf(chunks);
  }
}
