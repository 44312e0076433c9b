package dev.floe.engine;

import static java.util.Objects.requireNonNull;

import dev.floe.error.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A rendered statement from {@code sql/} with the values bound to its {@code ?}s, in order. Running
 * it maps DuckDB's checked failures to {@link StorageException} once, here.
 */
public record SqlStatement(String sql, List<Object> parameters) {
  public SqlStatement {
    requireNonNull(sql, "sql is null");
    // Not List.copyOf: a bound value may be SQL NULL.
    parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
  }

  public static SqlStatement of(String sql, Object... parameters) {
    return new SqlStatement(sql, Arrays.asList(parameters));
  }

  /** Reads one result row into a value; may throw what JDBC throws. */
  @FunctionalInterface
  public interface RowReader<T> {
    T read(ResultSet row) throws SQLException;
  }

  public PreparedStatement prepare(Connection connection) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    for (int i = 0; i < parameters.size(); i++) {
      statement.setObject(i + 1, parameters.get(i));
    }
    return statement;
  }

  /** Every result row, read in the statement's order. */
  public <T> List<T> query(Connection connection, RowReader<T> reader) {
    try (PreparedStatement statement = prepare(connection);
        ResultSet rows = statement.executeQuery()) {
      List<T> result = new ArrayList<>();
      while (rows.next()) {
        result.add(reader.read(rows));
      }
      return result;
    } catch (SQLException e) {
      throw new StorageException("DuckDB statement failed: " + e.getMessage(), e);
    }
  }

  /** The single row an aggregate statement returns. */
  public <T> T queryOne(Connection connection, RowReader<T> reader) {
    List<T> rows = query(connection, reader);
    if (rows.size() != 1) {
      throw new IllegalStateException("Expected one row, got " + rows.size() + " from: " + sql);
    }
    return rows.get(0);
  }
}
