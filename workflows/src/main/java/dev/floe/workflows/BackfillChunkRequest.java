package dev.floe.workflows;

import java.time.LocalDate;

/** One backfill chunk: the dates {@code [start, end]} computed from raw snapshot {@code rawSnapshotId}. */
public record BackfillChunkRequest(long rawSnapshotId, LocalDate start, LocalDate end) {}
