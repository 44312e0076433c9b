package dev.floe.pointintime;

import static java.util.Objects.requireNonNull;

import dev.floe.error.StorageException;
import java.io.IOException;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;

/** Dates of {@code user_features} read from Iceberg's metadata alone (the dt partition values), no data file. */
public final class FeatureDates {
  private FeatureDates() {}

  /** The newest dt partition of snapshot {@code snapshotId}; empty when the snapshot holds no file. */
  public static Optional<LocalDate> newest(Table table, long snapshotId) {
    requireNonNull(table, "table is null");
    Integer newestDay = null;
    try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(snapshotId).planFiles()) {
      for (FileScanTask task : tasks) {
        Integer day = partitionDay(task.file());
        if (day != null && (newestDay == null || day > newestDay)) {
          newestDay = day;
        }
      }
    } catch (IOException e) {
      throw new StorageException("Cannot plan scan of " + table.name() + ": " + e.getMessage(), e);
    }
    return newestDay == null ? Optional.empty() : Optional.of(LocalDate.ofEpochDay(newestDay));
  }

  /** The dt partition of one data file, in days since 1970-01-01: every row of the file has that dt. */
  static Integer partitionDay(DataFile file) {
    return file.partition().get(0, Integer.class);
  }
}
