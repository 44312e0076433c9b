package dev.floe.catalog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;

/**
 * A table's snapshots, oldest first, with their Floe lineage and tags. Metadata only: no data is
 * read.
 */
public final class SnapshotHistory {
  private static final String FLOE_PREFIX = "floe.";

  private SnapshotHistory() {}

  /** The history of {@code table}; a missing table is a NotFoundException that says what to run. */
  public static List<SnapshotRecord> of(FloeCatalog catalog, FloeTable table) {
    return of(catalog.load(table));
  }

  public static List<SnapshotRecord> of(Table table) {
    table.refresh();
    Map<Long, List<String>> tags = new HashMap<>();
    table
        .refs()
        .forEach(
            (name, ref) -> {
              if (ref.isTag()) {
                tags.computeIfAbsent(ref.snapshotId(), id -> new ArrayList<>()).add(name);
              }
            });
    Long current = table.currentSnapshot() == null ? null : table.currentSnapshot().snapshotId();
    List<SnapshotRecord> history = new ArrayList<>();
    for (Snapshot snapshot : table.snapshots()) {
      Map<String, String> summary = snapshot.summary() == null ? Map.of() : snapshot.summary();
      Map<String, String> floe = new TreeMap<>();
      summary.forEach(
          (key, value) -> {
            if (key.startsWith(FLOE_PREFIX)) {
              floe.put(key, value);
            }
          });
      List<String> snapshotTags =
          new ArrayList<>(tags.getOrDefault(snapshot.snapshotId(), List.of()));
      snapshotTags.sort(Comparator.naturalOrder());
      history.add(
          new SnapshotRecord(
              snapshot.snapshotId(),
              snapshot.parentId(),
              snapshot.sequenceNumber(),
              Instant.ofEpochMilli(snapshot.timestampMillis()),
              snapshot.operation(),
              count(summary, SnapshotSummary.ADDED_RECORDS_PROP),
              count(summary, SnapshotSummary.DELETED_RECORDS_PROP),
              count(summary, SnapshotSummary.TOTAL_RECORDS_PROP),
              floe,
              snapshotTags,
              Objects.equals(current, snapshot.snapshotId())));
    }
    history.sort(
        Comparator.comparingLong(SnapshotRecord::sequenceNumber)
            .thenComparing(SnapshotRecord::committedAt));
    return history;
  }

  private static Long count(Map<String, String> summary, String key) {
    String value = summary.get(key);
    return value == null ? null : Long.valueOf(value);
  }
}
