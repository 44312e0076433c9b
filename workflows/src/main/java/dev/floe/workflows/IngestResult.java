package dev.floe.workflows;

/**
 * The raw_events snapshot holding the file's rows. {@code alreadyIngested} is true when the same
 * file content had been ingested before: then nothing was appended and the earlier snapshot is named.
 */
public record IngestResult(String table, long snapshotId, long rows, String sha256, boolean alreadyIngested) {}
