package dev.floe.engine;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.LocalFileAccess;
import dev.floe.error.NotFoundException;
import dev.floe.error.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

/**
 * The Parquet files that make up one Iceberg snapshot, as a DuckDB relation. Iceberg plans the scan
 * (time travel, partition pruning); DuckDB reads the files. Floe never writes delete files, so the
 * file list is exactly the snapshot's content, and that is checked rather than assumed.
 */
public record SnapshotFiles(Schema schema, Long snapshotId, List<String> paths) {
  public SnapshotFiles {
    requireNonNull(schema, "schema is null");
    paths = List.copyOf(paths);
  }

  /** The files of {@code snapshotId}, or of the current snapshot when it is null. */
  public static SnapshotFiles of(Table table, Long snapshotId) {
    return of(table, snapshotId, Expressions.alwaysTrue());
  }

  /** As {@link #of(Table, Long)}, keeping only files that may hold rows matching {@code filter}. */
  public static SnapshotFiles of(Table table, Long snapshotId, Expression filter) {
    Long resolved = snapshotId == null ? currentId(table) : snapshotId;
    if (resolved == null) {
      return new SnapshotFiles(table.schema(), null, List.of());
    }
    if (table.snapshot(resolved) == null) {
      throw new NotFoundException("Snapshot " + resolved + " does not exist in table " + table.name());
    }
    List<String> locations = new ArrayList<>();
    plan(table, resolved, filter, task -> locations.add(task.file().location()));
    return new SnapshotFiles(table.schema(), resolved, localPaths(table, locations));
  }

  /**
   * The files of snapshot {@code snapshotId} grouped by {@code key} of each file (a partition
   * value, say), from one scan plan: several slices of a snapshot without planning it per slice.
   */
  public static <K extends Comparable<K>> SortedMap<K, List<String>> pathsBy(
      Table table, long snapshotId, Function<DataFile, K> key) {
    return pathsBy(table, snapshotId, Expressions.alwaysTrue(), key);
  }

  /** As {@link #pathsBy(Table, long, Function)}, keeping only files that may hold rows matching {@code filter}. */
  public static <K extends Comparable<K>> SortedMap<K, List<String>> pathsBy(
      Table table, long snapshotId, Expression filter, Function<DataFile, K> key) {
    if (table.snapshot(snapshotId) == null) {
      throw new NotFoundException("Snapshot " + snapshotId + " does not exist in table " + table.name());
    }
    SortedMap<K, List<String>> grouped = new TreeMap<>();
    plan(table, snapshotId, filter,
        task -> grouped.computeIfAbsent(key.apply(task.file()), k -> new ArrayList<>()).add(task.file().location()));
    grouped.replaceAll((k, locations) -> localPaths(table, locations));
    return grouped;
  }

  private static void plan(Table table, long snapshotId, Expression filter, Consumer<FileScanTask> each) {
    try (CloseableIterable<FileScanTask> tasks =
        table.newScan().useSnapshot(snapshotId).filter(filter).planFiles()) {
      for (FileScanTask task : tasks) {
        if (!task.deletes().isEmpty()) {
          throw new IllegalStateException(
              "Table " + table.name() + " has delete files, which Floe never writes");
        }
        each.accept(task);
      }
    } catch (IOException e) {
      throw new StorageException("Cannot plan scan of " + table.name() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The local files DuckDB reads for {@code locations}: the files themselves on a local warehouse,
   * copies fetched in parallel (once; data files never change) from an object store.
   */
  private static List<String> localPaths(Table table, List<String> locations) {
    LocalFileAccess files = LocalFileAccess.of(table.io());
    try {
      return locations.parallelStream().map(location -> files.readable(location).toString()).toList();
    } catch (UncheckedIOException e) {
      throw new StorageException("Cannot read data files of " + table.name() + ": " + e.getMessage(), e);
    }
  }

  private static Long currentId(Table table) {
    return table.currentSnapshot() == null ? null : table.currentSnapshot().snapshotId();
  }

  public boolean isEmpty() {
    return paths.isEmpty();
  }

  /**
   * A relation expression for a FROM clause. An empty snapshot still has the table's columns and
   * types, so every statement works the same on a new table.
   */
  public String relation() {
    if (paths.isEmpty()) {
      String columns =
          schema.columns().stream()
              .map(f -> "CAST(NULL AS " + DuckTypes.of(f.type()) + ") AS " + f.name())
              .collect(Collectors.joining(", "));
      return "(SELECT " + columns + " WHERE false)";
    }
    String list = paths.stream().map(SqlLiteral::quote).collect(Collectors.joining(", "));
    return "read_parquet([" + list + "])";
  }

  /**
   * As {@link #relation()}, matching the files' columns by name: for files written before an
   * optional column was added (Iceberg schema evolution), which lack it. A column no file has is
   * not in the relation; a statement that reads such a column supplies its type itself.
   */
  public String relationByColumnName() {
    if (paths.isEmpty()) {
      return relation();
    }
    String list = paths.stream().map(SqlLiteral::quote).collect(Collectors.joining(", "));
    return "read_parquet([" + list + "], union_by_name = true)";
  }

  /** Field ids of the schema, for DuckDB's FIELD_IDS option. */
  static String fieldIds(Schema schema) {
    return schema.columns().stream()
        .map(f -> f.name() + ": " + f.fieldId())
        .collect(Collectors.joining(", ", "{", "}"));
  }
}
