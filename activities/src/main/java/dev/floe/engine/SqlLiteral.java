package dev.floe.engine;

import java.nio.file.Path;

/**
 * SQL text for values DuckDB cannot take as bound parameters: file paths in table functions and
 * COPY targets. The one place a string is quoted for SQL.
 */
public final class SqlLiteral {
  private SqlLiteral() {}

  /** {@code literal} as a single-quoted SQL string. */
  public static String quote(String literal) {
    return "'" + literal.replace("'", "''") + "'";
  }

  /** The absolute path of {@code file} as a single-quoted SQL string. */
  public static String path(Path file) {
    return quote(file.toAbsolutePath().toString());
  }

  /** One Parquet file as a relation for a FROM clause. */
  public static String parquetFile(Path file) {
    return "read_parquet(" + path(file) + ")";
  }
}
