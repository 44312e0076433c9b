package dev.floe.pointintime;

import dev.floe.engine.DuckDb;
import dev.floe.engine.SqlFile;
import dev.floe.engine.SqlStatement;
import dev.floe.error.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * DuckDB connections for point-in-time statements. Every such connection has the {@code
 * known_from_us} and {@code latest_known_dt} macros, and keeps insertion order, because a training set must come out in its
 * labels' order.
 */
public final class PointInTimeSql {
  private PointInTimeSql() {}

  public static Connection open() {
    Connection connection = DuckDb.open();
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET preserve_insertion_order = true");
      statement.execute(SqlFile.load("known_from_macro").text());
      statement.execute(SqlFile.load("latest_known_dt_macro").text());
      return connection;
    } catch (SQLException e) {
      closeQuietly(connection);
      throw new StorageException("Cannot prepare DuckDB for point-in-time queries: " + e.getMessage(), e);
    }
  }

  /** Runs a statement whose result is not read (DDL, a load into a temporary table). */
  public static void execute(Connection connection, SqlStatement sql) {
    try (PreparedStatement statement = sql.prepare(connection)) {
      statement.execute();
    } catch (SQLException e) {
      throw new StorageException("DuckDB statement failed: " + e.getMessage(), e);
    }
  }

  static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      // Closing an in-memory database cannot lose anything; the original failure matters more.
    }
  }
}
