package dev.floe.workflows;

/**
 * The raw_events snapshot holding the file's rows. {@code rows} were appended by that snapshot;
 * {@code skippedRows} were in the file but already stored with identical content, so they were not
 * appended again. {@code alreadyIngested} is true when nothing was appended because the file (the
 * same content, or every one of its rows) was already stored: then the snapshot named is the earlier
 * one that holds it.
 */
public record IngestResult(
    String table, long snapshotId, long rows, String sha256, boolean alreadyIngested, long skippedRows) {}
