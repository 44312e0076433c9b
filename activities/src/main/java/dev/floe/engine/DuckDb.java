package dev.floe.engine;

import dev.floe.error.StorageException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Opens in-memory DuckDB connections configured the way every Floe statement expects. */
public final class DuckDb {
  private DuckDb() {}

  public static Connection open() {
    try {
      Connection connection = DriverManager.getConnection("jdbc:duckdb:");
      try (Statement statement = connection.createStatement()) {
        // Dates are UTC dates of the event instant, whatever the machine's zone.
        statement.execute("SET TimeZone = 'UTC'");
        // Row order is set by ORDER BY where it matters; elsewhere let COPY stream in parallel.
        statement.execute("SET preserve_insertion_order = false");
        statement.execute("SET memory_limit = '" + memoryLimit() + "'");
      }
      return connection;
    } catch (SQLException e) {
      throw new StorageException("Cannot open DuckDB: " + e.getMessage(), e);
    }
  }

  /** Keeps the whole process well under 4 GB: DuckDB spills to disk past this. */
  private static String memoryLimit() {
    return System.getProperty("floe.duckdb.memory-limit", "2500MB");
  }
}
