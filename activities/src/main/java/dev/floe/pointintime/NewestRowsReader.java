package dev.floe.pointintime;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.engine.SnapshotFiles;
import dev.floe.engine.SqlStatement;
import dev.floe.features.registry.FeatureSelection;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.SortedMap;
import org.apache.iceberg.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every user's newest row of a {@code user_features} snapshot and the newest one before it, what an
 * online store keeps (see {@link NewestFeatureRows}). Gap-filling puts those two rows on the
 * snapshot's two newest dates, so only those partitions are read when the older partitions' user
 * ids prove it, and otherwise the whole snapshot is. The older ids are kept between calls: a
 * serving process reading one snapshot after another reads only the files that became older.
 * Every feature column of the snapshot is kept: spending_mean_7d and each applied feature it holds.
 */
public final class NewestRowsReader {
  private static final Logger LOG = LoggerFactory.getLogger(NewestRowsReader.class);

  private final FloeCatalog catalog;
  private OlderUserIds olderUserIds = OlderUserIds.NONE;

  public NewestRowsReader(FloeCatalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog is null");
  }

  /** What {@link #read} found, and how. */
  public record Read(List<String> columns, List<NewestFeatureRows> rows, boolean wholeSnapshot, int olderFilesRead) {
    public Read {
      columns = List.copyOf(columns);
      rows = List.copyOf(rows);
    }
  }

  /**
   * The newest rows of snapshot {@code snapshotId}, in no particular order; exactly what
   * {@code features_newest_known.sql} gives over the whole snapshot.
   */
  public synchronized Read read(long snapshotId) {
    long started = System.nanoTime();
    Table table = catalog.load(FloeTable.USER_FEATURES);
    // The dt partition's value is the day number; one scan plan serves both slices.
    SortedMap<Integer, List<String>> byDay =
        SnapshotFiles.pathsBy(table, snapshotId, FeatureDates::partitionDay);
    SnapshotFiles all = files(table, snapshotId, byDay.values());
    PointInTimeColumns columns = PointInTimeColumns.allOf(FeatureSelection.schemaOf(table, snapshotId));
    Connection connection = PointInTimeSql.open();
    try {
      if (byDay.isEmpty()) {
        return new Read(columns.names(), newestRows(connection, all, columns), true, 0);
      }
      int lastTwo = byDay.lastKey() - 1;
      SnapshotFiles newest = files(table, snapshotId, byDay.tailMap(lastTwo).values());
      SnapshotFiles older = files(table, snapshotId, byDay.headMap(lastTwo).values());
      long planned = System.nanoTime();
      List<NewestFeatureRows> rows = newestRows(connection, newest, columns);
      long newestRead = System.nanoTime();
      olderUserIds = olderUserIds.extendedTo(older, connection);
      LOG.debug("Snapshot {}: planned and connected in {} ms, newest rows in {} ms, older user ids in {} ms ({} files)",
          snapshotId, (planned - started) / 1_000_000, (newestRead - planned) / 1_000_000,
          (System.nanoTime() - newestRead) / 1_000_000, olderUserIds.filesRead());
      // A user with two rows on the two newest dates has its top two there (every older row is
      // older); one with fewer must have no older row, or its newest rows are elsewhere.
      long uncovered = olderUserIds.countNotIn(usersWithTwoRows(rows));
      if (uncovered == 0) {
        return new Read(columns.names(), rows, false, olderUserIds.filesRead());
      }
      LOG.warn(
          "user_features snapshot {} has {} users with rows before {} whose two newest rows are not on {} and {}, "
              + "which gap-filling should rule out; reading the whole snapshot for their latest rows",
          snapshotId, uncovered, LocalDate.ofEpochDay(lastTwo), LocalDate.ofEpochDay(lastTwo),
          LocalDate.ofEpochDay(byDay.lastKey()));
      return new Read(columns.names(), newestRows(connection, all, columns), true, olderUserIds.filesRead());
    } finally {
      PointInTimeSql.closeQuietly(connection);
    }
  }

  private static SnapshotFiles files(Table table, long snapshotId, Collection<List<String>> groups) {
    return new SnapshotFiles(table.schema(), snapshotId, groups.stream().flatMap(List::stream).toList());
  }

  private static List<NewestFeatureRows> newestRows(
      Connection connection, SnapshotFiles features, PointInTimeColumns columns) {
    return SqlStatement.of(OfflineFeatures.newestKnown(features, columns), Long.MAX_VALUE)
        .query(connection, row -> OfflineFeatures.newestRows(row, columns));
  }

  private static long[] usersWithTwoRows(List<NewestFeatureRows> rows) {
    return rows.stream()
        .filter(row -> row.earlier() != null)
        .mapToLong(NewestFeatureRows::userId)
        .sorted()
        .toArray();
  }
}
