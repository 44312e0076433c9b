package dev.floe.features;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.LocalFileAccess;
import dev.floe.error.StorageException;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotChanges;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * A raw_events data file and the UTC event date all its rows share, read from the table's partition
 * metadata ({@code day(event_timestamp)}), so planning what to recompute reads no event data.
 */
record RawEventFile(String path, LocalDate day) {
  RawEventFile {
    requireNonNull(path, "path is null");
    requireNonNull(day, "day is null");
  }

  /** Every data file of the raw_events snapshot. */
  static List<RawEventFile> inSnapshot(Table raw, long snapshotId) {
    List<RawEventFile> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks =
        raw.newScan().useSnapshot(snapshotId).planFiles()) {
      for (FileScanTask task : tasks) {
        files.add(of(raw, task.file()));
      }
    } catch (IOException e) {
      throw new StorageException("Cannot plan scan of " + raw.name() + ": " + e.getMessage(), e);
    }
    return files;
  }

  /**
   * The data files appended after snapshot {@code olderId} up to and including {@code newerId};
   * empty when {@code newerId} does not descend from {@code olderId} by appends alone, for then
   * what changed is not just new events.
   */
  static Optional<List<RawEventFile>> appendedBetween(Table raw, long olderId, long newerId) {
    if (!SnapshotUtil.isAncestorOf(raw, newerId, olderId)) {
      return Optional.empty();
    }
    List<RawEventFile> files = new ArrayList<>();
    for (Snapshot snapshot : SnapshotUtil.ancestorsBetween(raw, newerId, olderId)) {
      if (DataOperations.REPLACE.equals(snapshot.operation())) {
        continue; // compaction by floe maintain: the same rows in other files
      }
      if (!DataOperations.APPEND.equals(snapshot.operation())) {
        return Optional.empty();
      }
      for (ContentFile<?> file :
          SnapshotChanges.builderFor(raw).snapshot(snapshot).build().addedDataFiles()) {
        files.add(of(raw, file));
      }
    }
    return Optional.of(files);
  }

  private static RawEventFile of(Table raw, ContentFile<?> file) {
    PartitionSpec spec = raw.specs().get(file.specId());
    List<PartitionField> fields = spec.fields();
    for (int i = 0; i < fields.size(); i++) {
      PartitionField field = fields.get(i);
      if ("day".equals(field.transform().toString())
          && "event_timestamp".equals(spec.schema().findColumnName(field.sourceId()))) {
        Integer epochDay = file.partition().get(i, Integer.class);
        return new RawEventFile(
            LocalFileAccess.of(raw.io()).readable(file.location()).toString(), LocalDate.ofEpochDay(epochDay));
      }
    }
    throw new IllegalStateException(
        "Data file "
            + file.location()
            + " of "
            + raw.name()
            + " is not partitioned by day(event_timestamp)");
  }
}
