package dev.floe.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One snapshot of a table as {@code floe snapshots TABLE} shows it: where it sits in the history,
 * what it did, the Floe lineage in its summary ({@code floe.*} properties) and the tags that keep
 * it from expiring. Record counts are null where Iceberg's summary does not state them.
 */
public record SnapshotRecord(
    long snapshotId,
    Long parentId,
    long sequenceNumber,
    Instant committedAt,
    String operation,
    Long addedRecords,
    Long deletedRecords,
    Long totalRecords,
    Map<String, String> floeProperties,
    List<String> tags,
    boolean current) {
  public SnapshotRecord {
    requireNonNull(committedAt, "committedAt is null");
    // Sorted, so the same history always prints the same way.
    floeProperties = Collections.unmodifiableSortedMap(new TreeMap<>(floeProperties));
    tags = List.copyOf(tags);
  }
}
