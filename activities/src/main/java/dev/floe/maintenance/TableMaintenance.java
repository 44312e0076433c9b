package dev.floe.maintenance;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.catalog.LocalFileAccess;
import dev.floe.engine.DuckDb;
import dev.floe.engine.ParquetTableWriter;
import dev.floe.engine.SnapshotFiles;
import dev.floe.engine.SqlLiteral;
import dev.floe.error.StorageException;
import dev.floe.models.ModelRegistry;
import dev.floe.workflows.ModelCard;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a long-lived store healthy, table by table: compacts each partition's small files into one
 * (written by DuckDB like every other write, committed as an Iceberg rewrite, so the rows are
 * unchanged), expires snapshots older than a cutoff (Iceberg keeps every snapshot a tag or branch
 * holds, and each registered model tags the two it names; this checks those tags first and expires
 * nothing in a table where one is missing), and deletes orphan files ({@link OrphanFiles}).
 *
 * <p>model_training_metadata is compacted and cleaned but its snapshots are never expired: their
 * summaries record which commit registered each model, which the registry reads.
 */
public final class TableMaintenance {
  /** A data file smaller than this is worth merging with its partition's other small files. */
  static final long SMALL_FILE_BYTES = 64L << 20;

  private static final Logger LOG = LoggerFactory.getLogger(TableMaintenance.class);

  private final FloeCatalog catalog;

  public TableMaintenance(FloeCatalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog is null");
  }

  /** Maintains every table; snapshots and orphan files older than {@code olderThan} may go. */
  public MaintenanceReport maintain(Instant olderThan, CommitLineage lineage) {
    requireNonNull(olderThan, "olderThan is null");
    requireNonNull(lineage, "lineage is null");
    Map<FloeTable, Map<Long, List<String>>> modelSnapshots = modelSnapshots();
    List<TableReport> reports = new ArrayList<>();
    for (FloeTable floeTable : FloeTable.values()) {
      if (!catalog.exists(floeTable)) {
        continue;
      }
      reports.add(
          maintain(
              floeTable,
              catalog.load(floeTable),
              olderThan,
              lineage,
              modelSnapshots.getOrDefault(floeTable, Map.of())));
    }
    return new MaintenanceReport(olderThan, reports);
  }

  private TableReport maintain(
      FloeTable floeTable,
      Table table,
      Instant olderThan,
      CommitLineage lineage,
      Map<Long, List<String>> modelSnapshots) {
    List<String> notes = new ArrayList<>();
    Compaction compaction = compact(table, lineage, notes);
    table.refresh();
    int snapshotsBefore = size(table.snapshots());
    int expired = 0;
    if (floeTable == FloeTable.MODEL_TRAINING_METADATA) {
      notes.add("snapshots are never expired: they record which commit registered each model");
    } else if (untagged(table, modelSnapshots, notes)) {
      notes.add("no snapshot expired: a model's snapshot is not held by its tag");
    } else {
      table
          .expireSnapshots()
          .expireOlderThan(olderThan.toEpochMilli())
          .cleanExpiredFiles(true)
          .commit();
      table.refresh();
      expired = snapshotsBefore - size(table.snapshots());
      for (Long snapshotId : modelSnapshots.keySet()) {
        if (table.snapshot(snapshotId) == null) {
          throw new IllegalStateException(
              "Snapshot " + snapshotId + " of " + table.name() + " was expired despite its tag");
        }
      }
    }
    OrphanFiles.Deleted orphans = OrphanFiles.of(table).deleteOlderThan(olderThan);
    TableReport report =
        new TableReport(
            floeTable.tableName(),
            compaction.filesCompacted(),
            compaction.filesWritten(),
            compaction.snapshotId(),
            snapshotsBefore,
            expired,
            modelSnapshots.keySet().stream().sorted().toList(),
            orphans.files(),
            orphans.bytes(),
            notes);
    LOG.info("Maintained {}: {}", table.name(), report);
    return report;
  }

  /** Each table's snapshots that registered models name, with the versions naming each. */
  private Map<FloeTable, Map<Long, List<String>>> modelSnapshots() {
    Map<FloeTable, Map<Long, List<String>>> snapshots = new LinkedHashMap<>();
    if (!catalog.exists(FloeTable.MODEL_TRAINING_METADATA)) {
      return snapshots;
    }
    for (ModelCard model : new ModelRegistry(catalog).list()) {
      snapshots
          .computeIfAbsent(FloeTable.RAW_EVENTS, table -> new TreeMap<>())
          .computeIfAbsent(model.rawEventsSnapshotId(), id -> new ArrayList<>())
          .add(model.modelVersion());
      snapshots
          .computeIfAbsent(FloeTable.USER_FEATURES, table -> new TreeMap<>())
          .computeIfAbsent(model.featureSnapshotId(), id -> new ArrayList<>())
          .add(model.modelVersion());
    }
    return snapshots;
  }

  /** True, with a note per snapshot, when a model's snapshot is held by no tag of the model. */
  private static boolean untagged(
      Table table, Map<Long, List<String>> modelSnapshots, List<String> notes) {
    boolean missing = false;
    for (Map.Entry<Long, List<String>> entry : modelSnapshots.entrySet()) {
      for (String version : entry.getValue()) {
        SnapshotRef tag = table.refs().get(ModelRegistry.TAG_PREFIX + version);
        if (tag == null || !tag.isTag() || tag.snapshotId() != entry.getKey()) {
          missing = true;
          notes.add(
              "model "
                  + version
                  + " names snapshot "
                  + entry.getKey()
                  + ", which its tag "
                  + ModelRegistry.TAG_PREFIX
                  + version
                  + " does not hold");
        }
      }
    }
    return missing;
  }

  private record Compaction(int filesCompacted, int filesWritten, Long snapshotId) {}

  /**
   * Rewrites every partition's small files of the current snapshot into one file per partition, in
   * one commit that Iceberg validates against concurrent deletes of those files.
   */
  private static Compaction compact(Table table, CommitLineage lineage, List<String> notes) {
    table.refresh();
    Snapshot base = table.currentSnapshot();
    if (base == null) {
      return new Compaction(0, 0, null);
    }
    Map<String, List<DataFile>> smallFiles = smallFilesByPartition(table, base);
    smallFiles.values().removeIf(files -> files.size() < 2);
    if (smallFiles.isEmpty()) {
      return new Compaction(0, 0, null);
    }
    Set<DataFile> replaced = new HashSet<>();
    List<DataFile> written = new ArrayList<>();
    try (Connection duck = DuckDb.open()) {
      for (Map.Entry<String, List<DataFile>> partition : smallFiles.entrySet()) {
        written.addAll(
            ParquetTableWriter.write(
                duck, table, compactionSql(table, partition.getKey(), partition.getValue())));
        replaced.addAll(partition.getValue());
      }
    } catch (SQLException e) {
      throw new StorageException("Cannot compact " + table.name() + ": " + e.getMessage(), e);
    }
    RewriteFiles rewrite =
        table
            .newRewrite()
            .validateFromSnapshot(base.snapshotId())
            .rewriteFiles(replaced, new HashSet<>(written));
    lineage.summary().forEach(rewrite::set);
    // A feature snapshot names the raw snapshot it was computed from; a rewrite changes no row.
    String raw = base.summary().get(CommitLineage.RAW_SNAPSHOT_ID);
    if (raw != null) {
      rewrite.set(CommitLineage.RAW_SNAPSHOT_ID, raw);
    }
    try {
      rewrite.commit();
    } catch (ValidationException | CommitFailedException e) {
      written.forEach(file -> table.io().deleteFile(file.location()));
      notes.add("compaction skipped: the table changed meanwhile (" + e.getMessage() + ")");
      return new Compaction(0, 0, null);
    }
    table.refresh();
    return new Compaction(replaced.size(), written.size(), table.currentSnapshot().snapshotId());
  }

  private static Map<String, List<DataFile>> smallFilesByPartition(Table table, Snapshot base) {
    Map<String, List<DataFile>> byPartition = new TreeMap<>();
    try (CloseableIterable<FileScanTask> tasks =
        table.newScan().useSnapshot(base.snapshotId()).planFiles()) {
      for (FileScanTask task : tasks) {
        DataFile file = task.file();
        if (file.fileSizeInBytes() < SMALL_FILE_BYTES) {
          String partition = table.specs().get(file.specId()).partitionToPath(file.partition());
          byPartition.computeIfAbsent(partition, key -> new ArrayList<>()).add(file.copy());
        }
      }
    } catch (IOException e) {
      throw new StorageException("Cannot plan scan of " + table.name() + ": " + e.getMessage(), e);
    }
    return byPartition;
  }

  /**
   * The rows of {@code files} in the table's column order, sorted so that the compacted file is
   * the same whichever order the files were listed in, with the partition's value for the writer.
   */
  private static String compactionSql(Table table, String partitionPath, List<DataFile> files) {
    String columns =
        table.schema().columns().stream()
            .map(Types.NestedField::name)
            .collect(Collectors.joining(", "));
    String relation =
        new SnapshotFiles(
                table.schema(),
                null,
                files.stream()
                    .map(file -> LocalFileAccess.of(table.io()).readable(file.location()).toString())
                    .toList())
            .relation();
    String partition =
        table.spec().isPartitioned()
            ? ", "
                + SqlLiteral.quote(
                    partitionPath.substring(partitionPath.indexOf('=') + 1))
                + " AS "
                + ParquetTableWriter.PARTITION_COLUMN
            : "";
    return "SELECT " + columns + partition + " FROM " + relation + " ORDER BY ALL";
  }

  private static int size(Iterable<?> items) {
    int count = 0;
    for (Object ignored : items) {
      count++;
    }
    return count;
  }
}
