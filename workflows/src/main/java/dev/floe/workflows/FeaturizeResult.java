package dev.floe.workflows;

import java.time.LocalDate;

/**
 * The user_features snapshot built from {@code rawSnapshotId}. {@code committed} is false when the
 * features were already current for that raw snapshot (nothing recomputed, nothing committed).
 * {@code rows} is the row count of the whole feature snapshot, {@code rowsWritten} of the recomputed
 * dates {@code [recomputedFrom, recomputedTo]} (null when nothing was recomputed).
 */
public record FeaturizeResult(
    String table,
    long snapshotId,
    long rows,
    long rawSnapshotId,
    boolean committed,
    long rowsWritten,
    int datesRecomputed,
    LocalDate recomputedFrom,
    LocalDate recomputedTo) {}
