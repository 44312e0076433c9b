package dev.floe.pointintime;

import dev.floe.engine.DuckDb;
import dev.floe.engine.SqlFile;
import dev.floe.error.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * DuckDB connections for point-in-time statements, and the few ways they are run. Every such
 * connection has the {@code known_from} macro, and keeps insertion order, because a training set
 * must come out in its labels' order.
 */
public final class PointInTimeSql {
  private PointInTimeSql() {}

  /** Reads one result row; may throw what JDBC throws. */
  @FunctionalInterface
  public interface RowReader<T> {
    T read(ResultSet row) throws SQLException;
  }

  public static Connection open() {
    Connection connection = DuckDb.open();
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET preserve_insertion_order = true");
      statement.execute(SqlFile.load("known_from_macro").text());
      return connection;
    } catch (SQLException e) {
      closeQuietly(connection);
      throw new StorageException("Cannot prepare DuckDB for point-in-time queries: " + e.getMessage(), e);
    }
  }

  /** Runs a statement that returns no rows worth reading (DDL, COPY). */
  public static void execute(Connection connection, String sql, Object... parameters) {
    try (PreparedStatement statement = prepare(connection, sql, parameters)) {
      statement.execute();
    } catch (SQLException e) {
      throw new StorageException("DuckDB statement failed: " + e.getMessage(), e);
    }
  }

  /** Runs a statement that answers with a count (COPY, INSERT) and returns it. */
  public static long update(Connection connection, String sql, Object... parameters) {
    try (PreparedStatement statement = prepare(connection, sql, parameters)) {
      if (statement.execute()) {
        try (ResultSet result = statement.getResultSet()) {
          return result.next() ? result.getLong(1) : 0;
        }
      }
      return statement.getUpdateCount();
    } catch (SQLException e) {
      throw new StorageException("DuckDB statement failed: " + e.getMessage(), e);
    }
  }

  public static <T> List<T> query(Connection connection, String sql, RowReader<T> reader, Object... parameters) {
    try (PreparedStatement statement = prepare(connection, sql, parameters);
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

  public static <T> T queryOne(Connection connection, String sql, RowReader<T> reader, Object... parameters) {
    List<T> rows = query(connection, sql, reader, parameters);
    if (rows.size() != 1) {
      throw new IllegalStateException("Expected one row, got " + rows.size() + " from: " + sql);
    }
    return rows.get(0);
  }

  private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
      throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    for (int i = 0; i < parameters.length; i++) {
      if (parameters[i] == null) {
        statement.setNull(i + 1, Types.BIGINT);
      } else {
        statement.setObject(i + 1, parameters[i]);
      }
    }
    return statement;
  }

  static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      // Closing an in-memory database cannot lose anything; the original failure matters more.
    }
  }
}
