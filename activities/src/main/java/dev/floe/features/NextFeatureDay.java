package dev.floe.features;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.catalog.TableCommits;
import dev.floe.engine.DuckDb;
import dev.floe.engine.ParquetTableWriter;
import dev.floe.engine.SnapshotFiles;
import dev.floe.engine.SqlFile;
import dev.floe.error.StorageException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * Appends the day after the last date of {@code user_features}, for every user, with a constant
 * value ({@code sql/features_one_more_day.sql}): a commit shaped like a daily featurize run's, which
 * freshness benchmarks ({@code floe bench}) make through a second catalog, as another process would,
 * to time how soon the online store serves it. Not a feature computation.
 */
public final class NextFeatureDay {
  private NextFeatureDay() {}

  /** Commits the day and returns its snapshot, whose timestamp is when it became visible. */
  public static Snapshot append(FloeCatalog catalog, CommitLineage lineage) {
    requireNonNull(catalog, "catalog is null");
    requireNonNull(lineage, "lineage is null");
    Table table = catalog.load(FloeTable.USER_FEATURES);
    if (table.currentSnapshot() == null) {
      throw new IllegalStateException("Cannot append a day to user_features: it has no snapshot yet");
    }
    String sql =
        SqlFile.load("features_one_more_day")
            .render(Map.of("user_features", SnapshotFiles.of(table, null).relation()));
    try (Connection connection = DuckDb.open()) {
      return TableCommits.append(
          table, ParquetTableWriter.write(connection, table, Featurizer.WRITTEN_COLUMNS, sql), lineage, Map.of());
    } catch (SQLException e) {
      throw new StorageException("Cannot close DuckDB: " + e.getMessage(), e);
    }
  }
}
