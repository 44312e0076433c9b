package dev.floe.maintenance;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What maintenance did to one table: the small files it compacted into fewer (and the snapshot
 * that committed that), the snapshots it expired and those it kept because a model is tagged to
 * them, and the orphan files it deleted. {@code notes} says what it chose not to do, and why.
 */
public record TableReport(
    String table,
    int filesCompacted,
    int filesWritten,
    Long compactionSnapshotId,
    int snapshotsBefore,
    int snapshotsExpired,
    List<Long> modelSnapshotsKept,
    int orphanFilesDeleted,
    long orphanBytesDeleted,
    List<String> notes) {
  public TableReport {
    requireNonNull(table, "table is null");
    modelSnapshotsKept = List.copyOf(modelSnapshotsKept);
    notes = List.copyOf(notes);
  }
}
