package dev.floe.pointintime;

import static java.util.Objects.requireNonNull;

import dev.floe.engine.QueryExport;
import dev.floe.engine.SnapshotFiles;
import dev.floe.engine.SqlFile;
import dev.floe.engine.SqlStatement;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;

/**
 * What a person would type instead of {@link TrainingSetBuilder}: the same point-in-time ASOF join
 * over the same label and feature files as one plain DuckDB statement written to Parquet ({@code
 * sql/training_set_bare_asof.sql}), with no checks, no counts and no TTL. Benchmarks time the
 * builder against it ({@code floe bench}) and compare their outputs.
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

  private BareTrainingSet() {}

  /** Writes the training set of {@code labels} (.csv or .parquet) over {@code features} to {@code out}. */
  public static void write(Path labels, SnapshotFiles features, Path out, Order order) {
    requireNonNull(labels, "labels is null");
    requireNonNull(features, "features is null");
    requireNonNull(out, "out is null");
    requireNonNull(order, "order is null");
    String select =
        SqlFile.load("training_set_bare_asof")
            .render(Map.of("labels", read(labels), "user_features", features.relation()));
    String copy =
        "COPY ("
            + select
            + (order == Order.BY_REQUEST_ID ? " ORDER BY l.request_id" : "")
            + ") TO "
            + quote(out.toAbsolutePath().toString())
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
    String path = quote(labels.toAbsolutePath().toString());
    return QueryExport.Format.of(labels) == QueryExport.Format.CSV
        ? "read_csv(" + path + ", header = true)"
        : "read_parquet(" + path + ")";
  }

  private static String quote(String literal) {
    return "'" + literal.replace("'", "''") + "'";
  }
}
