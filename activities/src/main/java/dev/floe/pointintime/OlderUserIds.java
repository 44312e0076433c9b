package dev.floe.pointintime;

import static java.util.Objects.requireNonNull;

import dev.floe.engine.SnapshotFiles;
import dev.floe.engine.SqlFile;
import dev.floe.engine.SqlStatement;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The distinct user ids of a set of {@code user_features} data files, sorted. Iceberg data files
 * are immutable, so the ids of files already read stay true in every later snapshot that still
 * holds them: {@link #extendedTo} reads only the files added since (after a daily append, the one
 * partition that became older), not the whole history again.
 */
final class OlderUserIds {
  static final OlderUserIds NONE = new OlderUserIds(Set.of(), new long[0], 0);

  private final Set<String> files;
  private final long[] sortedIds;
  private final int filesRead;

  private OlderUserIds(Set<String> files, long[] sortedIds, int filesRead) {
    this.files = files;
    this.sortedIds = sortedIds;
    this.filesRead = filesRead;
  }

  /**
   * The ids of exactly {@code older}'s files: these ids plus the new files' when every file of
   * these is still there, otherwise all of {@code older}'s read again.
   */
  OlderUserIds extendedTo(SnapshotFiles older, Connection connection) {
    requireNonNull(older, "older is null");
    Set<String> wanted = Set.copyOf(older.paths());
    if (!wanted.containsAll(files)) {
      return read(older, wanted, connection, new long[0]);
    }
    List<String> added = new ArrayList<>();
    for (String path : older.paths()) {
      if (!files.contains(path)) {
        added.add(path);
      }
    }
    SnapshotFiles addedFiles = new SnapshotFiles(older.schema(), older.snapshotId(), added);
    return read(addedFiles, wanted, connection, sortedIds);
  }

  private static OlderUserIds read(SnapshotFiles files, Set<String> all, Connection connection, long[] known) {
    if (files.isEmpty()) {
      return new OlderUserIds(all, known, 0);
    }
    long[] read =
        SqlStatement.of(SqlFile.load("user_ids_of_features").render(Map.of("user_features", files.relation())))
            .query(connection, row -> row.getLong("user_id"))
            .stream()
            .mapToLong(Long::longValue)
            .toArray();
    return new OlderUserIds(all, union(known, read), files.paths().size());
  }

  private static long[] union(long[] sorted, long[] unsorted) {
    long[] merged = Arrays.copyOf(sorted, sorted.length + unsorted.length);
    System.arraycopy(unsorted, 0, merged, sorted.length, unsorted.length);
    Arrays.sort(merged);
    return Arrays.stream(merged).distinct().toArray();
  }

  /** How many files the last {@link #extendedTo} had to read. */
  int filesRead() {
    return filesRead;
  }

  /** How many of these ids are not in {@code sortedOthers} (ascending, distinct). */
  long countNotIn(long[] sortedOthers) {
    long missing = 0;
    int j = 0;
    for (long id : sortedIds) {
      while (j < sortedOthers.length && sortedOthers[j] < id) {
        j++;
      }
      if (j == sortedOthers.length || sortedOthers[j] != id) {
        missing++;
      }
    }
    return missing;
  }
}
