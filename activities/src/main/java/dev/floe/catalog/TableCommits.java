package dev.floe.catalog;

import dev.floe.fault.FaultInjection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.ReplacePartitions;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotAncestryValidator;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.expressions.Expressions;

/**
 * Commits files Floe wrote, stamped with their lineage. Iceberg retries optimistic-concurrency
 * conflicts itself (table property {@code commit.retry.num-retries}); the validations below make a
 * retried replacement fail rather than silently overwrite a concurrent writer's newer data.
 */
public final class TableCommits {
  private TableCommits() {}

  /** The snapshot an earlier attempt of this same run and step committed, if it landed. */
  public static Optional<Snapshot> findCommit(Table table, CommitLineage lineage) {
    table.refresh();
    return StreamSupport.stream(table.snapshots().spliterator(), false)
        .filter(lineage::madeBy)
        .reduce((first, second) -> second);
  }

  public static Snapshot append(
      Table table, List<DataFile> files, CommitLineage lineage, Map<String, String> summary) {
    AppendFiles append = table.newAppend();
    files.forEach(append::appendFile);
    return commit(table, append, files, lineage, summary);
  }

  /**
   * As {@link #append}, but {@code validator} sees the snapshots the commit would land on, on every
   * optimistic retry too, and can refuse with a {@link org.apache.iceberg.exceptions.ValidationException}:
   * how a writer claims something unique (a model version) against concurrent writers.
   */
  public static Snapshot append(
      Table table,
      List<DataFile> files,
      CommitLineage lineage,
      Map<String, String> summary,
      SnapshotAncestryValidator validator) {
    AppendFiles append = table.newAppend().validateWith(validator);
    files.forEach(append::appendFile);
    return commit(table, append, files, lineage, summary);
  }

  /**
   * Replaces every partition that {@code files} touch, atomically. {@code baseSnapshotId} is the
   * snapshot the files were computed from: a concurrent commit to those partitions since then fails
   * this one instead of being lost.
   */
  public static Snapshot replacePartitions(
      Table table,
      List<DataFile> files,
      Long baseSnapshotId,
      CommitLineage lineage,
      Map<String, String> summary) {
    ReplacePartitions replace = table.newReplacePartitions();
    files.forEach(replace::addFile);
    if (baseSnapshotId != null) {
      replace.validateFromSnapshot(baseSnapshotId).validateNoConflictingData().validateNoConflictingDeletes();
    }
    return commit(table, replace, files, lineage, summary);
  }

  /**
   * Replaces exactly the rows matching {@code rowFilter} (whole partitions, for a filter on the
   * partition column) with {@code files}, atomically: partitions in the range that {@code files}
   * leave empty end up empty. A concurrent commit since {@code baseSnapshotId} that touches the
   * range fails this one.
   */
  public static Snapshot replaceWhere(
      Table table,
      List<DataFile> files,
      org.apache.iceberg.expressions.Expression rowFilter,
      Long baseSnapshotId,
      CommitLineage lineage,
      Map<String, String> summary) {
    OverwriteFiles overwrite = table.newOverwrite().overwriteByRowFilter(rowFilter);
    files.forEach(overwrite::addFile);
    if (baseSnapshotId != null) {
      overwrite.validateFromSnapshot(baseSnapshotId);
    }
    overwrite.conflictDetectionFilter(rowFilter).validateNoConflictingData().validateNoConflictingDeletes();
    return commit(table, overwrite, files, lineage, summary);
  }

  /**
   * Replaces the table's whole content with {@code files}, atomically: partitions the files do not
   * touch are dropped. {@code baseSnapshotId} (null for a table without snapshots) is the snapshot
   * the files were computed from; any data committed since then fails this commit.
   */
  public static Snapshot replaceAll(
      Table table,
      List<DataFile> files,
      Long baseSnapshotId,
      CommitLineage lineage,
      Map<String, String> summary) {
    OverwriteFiles overwrite = table.newOverwrite().overwriteByRowFilter(Expressions.alwaysTrue());
    files.forEach(overwrite::addFile);
    if (baseSnapshotId != null) {
      overwrite.validateFromSnapshot(baseSnapshotId);
    }
    overwrite.validateNoConflictingData().validateNoConflictingDeletes();
    return commit(table, overwrite, files, lineage, summary);
  }

  private static <T extends SnapshotUpdate<T>> Snapshot commit(
      Table table,
      SnapshotUpdate<T> update,
      List<DataFile> files,
      CommitLineage lineage,
      Map<String, String> summary) {
    lineage.summary().forEach(update::set);
    summary.forEach(update::set);
    FaultInjection.at(lineage.step(), FaultInjection.Point.BEFORE_COMMIT);
    try {
      update.commit();
    } catch (CommitStateUnknownException e) {
      // It may have landed, and then the files are the table's: keep them; a retry finds the commit.
      throw e;
    } catch (RuntimeException e) {
      // No snapshot names the files: a failed commit (a conflict, a full disk, a locked catalog)
      // leaves nothing behind in the table's data directory.
      deleteFiles(table, files, e);
      throw e;
    }
    FaultInjection.at(lineage.step(), FaultInjection.Point.AFTER_COMMIT);
    table.refresh();
    return findCommit(table, lineage)
        .orElseThrow(() -> new IllegalStateException("Commit of " + table.name() + " did not land"));
  }

  private static void deleteFiles(Table table, List<DataFile> files, RuntimeException failure) {
    for (DataFile file : files) {
      try {
        table.io().deleteFile(file.location());
      } catch (RuntimeException e) {
        failure.addSuppressed(e);
      }
    }
  }
}
