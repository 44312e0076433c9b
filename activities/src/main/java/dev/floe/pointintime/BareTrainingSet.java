package dev.floe.pointintime;

import dev.floe.engine.SqlLiteral;
import static java.util.Objects.requireNonNull;

import dev.floe.engine.QueryExport;
import dev.floe.engine.SnapshotFiles;
import dev.floe.engine.SqlFile;
import dev.floe.engine.SqlStatement;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;

/**
 * What a person would type instead of {@link TrainingSetBuilder}: one plain DuckDB statement over
 * the same label and feature files written to Parquet, with no checks, no counts and no TTL; the
 * ASOF join ({@code sql/training_set_bare_asof.sql}), or the equality join the builder makes on a
 * gap-free snapshot ({@code sql/training_set_bare_equality.sql}). Benchmarks time the builder
 * against them ({@code floe bench}) and compare their outputs.
 */
public final class BareTrainingSet {
  /** The order of the written rows. */
  public enum Order {
    /**
     * Sorted by the labels' {@code request_id}, as the builder keeps input order (a label file in
     * general has no such column; the benchmarks' do): the like-for-like comparison.
     */
    BY_REQUEST_ID,
    /** Whatever order the join leaves them in: the floor. */
    ANY
  }

  /** The point-in-time match, as a person would write it. */
  public enum Join {
    /** DuckDB's ASOF join: right for any snapshot. */
    ASOF("training_set_bare_asof"),
    /** What the builder does on a gap-free snapshot (the bench's): right only there. */
    EQUALITY("training_set_bare_equality");

    private final String sqlFile;

    Join(String sqlFile) {
      this.sqlFile = sqlFile;
    }
  }

  private BareTrainingSet() {}

  /** Writes the training set of {@code labels} (.csv or .parquet) over {@code features} to {@code out}. */
  public static void write(Path labels, SnapshotFiles features, Path out, Join join, Order order) {
    requireNonNull(labels, "labels is null");
    requireNonNull(features, "features is null");
    requireNonNull(out, "out is null");
    requireNonNull(join, "join is null");
    requireNonNull(order, "order is null");
    String select =
        SqlFile.load(join.sqlFile)
            .render(Map.of("labels", read(labels), "user_features", features.relation()));
    String copy =
        "COPY ("
            + select
            + (order == Order.BY_REQUEST_ID ? " ORDER BY l.request_id" : "")
            + ") TO "
            + SqlLiteral.path(out)
            + " (FORMAT parquet)";
    Connection connection = PointInTimeSql.open();
    try {
      PointInTimeSql.execute(
          connection, SqlStatement.of("SET preserve_insertion_order = " + (order == Order.BY_REQUEST_ID)));
      PointInTimeSql.execute(connection, SqlStatement.of(copy));
    } finally {
      PointInTimeSql.closeQuietly(connection);
    }
  }

  private static String read(Path labels) {
    return QueryExport.Format.of(labels) == QueryExport.Format.CSV
        ? "read_csv(" + SqlLiteral.path(labels) + ", header = true)"
        : SqlLiteral.parquetFile(labels);
  }
}
