package dev.floe.pointintime;

import static java.util.Objects.requireNonNull;

import dev.floe.engine.SnapshotFiles;
import java.time.LocalDate;
import java.util.List;
import java.util.SortedMap;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;

/**
 * Some of a {@code user_features} snapshot's files, with the first and last dt they hold, read from
 * Iceberg's partition values (one dt per file) in the same scan plan: no data file is opened to
 * learn the dates.
 *
 * @param firstDt the earliest dt partition among the files; null when there are none
 * @param lastDt the latest dt partition among the files; null when there are none
 */
record FeatureFiles(SnapshotFiles files, LocalDate firstDt, LocalDate lastDt) {
  FeatureFiles {
    requireNonNull(files, "files is null");
  }

  /** The files of snapshot {@code snapshotId} that may hold rows matching {@code filter}. */
  static FeatureFiles plan(Table table, long snapshotId, Expression filter) {
    SortedMap<Integer, List<String>> byDay =
        SnapshotFiles.pathsBy(table, snapshotId, filter, FeatureDates::partitionDay);
    List<String> paths = byDay.values().stream().flatMap(List::stream).toList();
    SnapshotFiles files = new SnapshotFiles(table.schema(), snapshotId, paths);
    if (byDay.isEmpty()) {
      return new FeatureFiles(files, null, null);
    }
    return new FeatureFiles(
        files, LocalDate.ofEpochDay(byDay.firstKey()), LocalDate.ofEpochDay(byDay.lastKey()));
  }
}
