package dev.floe.web;

import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.error.NotFoundException;
import dev.floe.error.StorageException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;

/** Reads a table's snapshot history, its tags, and its row count at any snapshot. */
final class TableSnapshots {
  private static final String FLOE_PREFIX = "floe.";

  private final FloeCatalog catalog;

  TableSnapshots(FloeCatalog catalog) {
    this.catalog = catalog;
  }

  /** One snapshot as the dashboard shows it. */
  record SnapshotView(
      long snapshotId,
      Long parentId,
      Instant committedAt,
      String operation,
      Long totalRows,
      Long addedRows,
      Map<String, String> floeProperties,
      List<String> tags,
      boolean current) {
    SnapshotView {
      floeProperties = Map.copyOf(floeProperties);
      tags = List.copyOf(tags);
    }
  }

  /** A table's current state; {@code snapshotId} null while it exists but is empty or missing. */
  record TableState(String table, boolean exists, Long snapshotId, Long rows, Instant lastCommitAt, int snapshots) {}

  /** The row count of one snapshot, counted from its data files. */
  record SnapshotRows(String table, long snapshotId, Instant committedAt, long rows, int dataFiles) {}

  TableState state(FloeTable table) {
    if (!catalog.exists(table)) {
      return new TableState(table.tableName(), false, null, null, null, 0);
    }
    Table loaded = catalog.load(table);
    Snapshot current = loaded.currentSnapshot();
    int count = 0;
    for (Snapshot ignored : loaded.snapshots()) {
      count++;
    }
    if (current == null) {
      return new TableState(table.tableName(), true, null, 0L, null, count);
    }
    return new TableState(
        table.tableName(),
        true,
        current.snapshotId(),
        totalRows(current),
        Instant.ofEpochMilli(current.timestampMillis()),
        count);
  }

  /** Every snapshot of the table, newest first. */
  List<SnapshotView> history(FloeTable table) {
    Table loaded = catalog.load(table);
    Map<Long, List<String>> tags = tagsBySnapshot(loaded);
    Long currentId = loaded.currentSnapshot() == null ? null : loaded.currentSnapshot().snapshotId();
    List<SnapshotView> history = new ArrayList<>();
    for (Snapshot snapshot : loaded.snapshots()) {
      Map<String, String> floe = new TreeMap<>();
      snapshot.summary().forEach((key, value) -> {
        if (key.startsWith(FLOE_PREFIX)) {
          floe.put(key, value);
        }
      });
      history.add(new SnapshotView(
          snapshot.snapshotId(),
          snapshot.parentId(),
          Instant.ofEpochMilli(snapshot.timestampMillis()),
          snapshot.operation(),
          totalRows(snapshot),
          summaryLong(snapshot, SnapshotSummary.ADDED_RECORDS_PROP),
          floe,
          tags.getOrDefault(snapshot.snapshotId(), List.of()),
          Long.valueOf(snapshot.snapshotId()).equals(currentId)));
    }
    // The table lists snapshots in commit order.
    java.util.Collections.reverse(history);
    return history;
  }

  /** Time travel: the rows the table held at {@code snapshotId}, summed over the files of that snapshot. */
  SnapshotRows rowsAt(FloeTable table, long snapshotId) {
    Table loaded = catalog.load(table);
    Snapshot snapshot = loaded.snapshot(snapshotId);
    if (snapshot == null) {
      throw new NotFoundException("Snapshot " + snapshotId + " does not exist in table " + table.tableName());
    }
    long rows = 0;
    int files = 0;
    try (CloseableIterable<FileScanTask> tasks = loaded.newScan().useSnapshot(snapshotId).planFiles()) {
      for (FileScanTask task : tasks) {
        rows += task.file().recordCount();
        files++;
      }
    } catch (IOException e) {
      throw new StorageException("Cannot plan scan of " + table.tableName() + ": " + e.getMessage(), e);
    }
    return new SnapshotRows(table.tableName(), snapshotId, Instant.ofEpochMilli(snapshot.timestampMillis()), rows, files);
  }

  private static Map<Long, List<String>> tagsBySnapshot(Table table) {
    return table.refs().entrySet().stream()
        .filter(entry -> entry.getValue().isTag())
        .collect(Collectors.groupingBy(
            entry -> entry.getValue().snapshotId(),
            TreeMap::new,
            Collectors.mapping(Map.Entry::getKey, Collectors.collectingAndThen(Collectors.toList(), list -> {
              list.sort(String::compareTo);
              return list;
            }))));
  }

  private static Long totalRows(Snapshot snapshot) {
    return summaryLong(snapshot, SnapshotSummary.TOTAL_RECORDS_PROP);
  }

  private static Long summaryLong(Snapshot snapshot, String key) {
    String value = snapshot.summary().get(key);
    return value == null ? null : Long.valueOf(value);
  }
}
