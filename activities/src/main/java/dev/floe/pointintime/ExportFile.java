package dev.floe.pointintime;

import dev.floe.error.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a query's rows to a CSV or Parquet file (by extension) with DuckDB's COPY. The rows go to a
 * temporary file beside the target first and are moved into place at the end, so a failure never
 * leaves half a file where a reader expects a whole one.
 */
final class ExportFile {
  private static final Logger LOG = LoggerFactory.getLogger(ExportFile.class);

  private ExportFile() {}

  /** Writes the rows and returns how many there were. */
  static long write(Connection connection, String selectSql, Path file, String role, Object... parameters) {
    TabularFormat format = TabularFormat.of(file, role);
    Path target = file.toAbsolutePath().normalize();
    Path partial = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".partial");
    try {
      Files.createDirectories(target.getParent());
      long rows =
          PointInTimeSql.update(
              connection,
              "COPY (" + selectSql + ") TO " + quote(partial.toString()) + " (" + format.copyOptions() + ")",
              parameters);
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return rows;
    } catch (IOException e) {
      throw new StorageException("Cannot write " + target + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(partial);
      } catch (IOException e) {
        LOG.warn("Cannot delete temporary file {}: {}", partial, e.getMessage());
      }
    }
  }

  static String quote(String literal) {
    return "'" + literal.replace("'", "''") + "'";
  }
}
