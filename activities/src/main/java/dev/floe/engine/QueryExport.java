package dev.floe.engine;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectWriter;
import dev.floe.error.InvalidInputException;
import dev.floe.error.StorageException;
import dev.floe.workflows.FloeJson;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rows a person takes away from Floe (a model's training data, its raw data, a feature snapshot):
 * one read-only statement over snapshot files, written to a CSV or Parquet file chosen by the
 * file's extension, or streamed row by row. The statement is fixed when the export is made, so it
 * reads exactly the snapshots it was planned on, whatever is committed later.
 */
public record QueryExport(SqlStatement statement) {
  private static final Logger LOG = LoggerFactory.getLogger(QueryExport.class);
  private static final String PARTIAL_SUFFIX = ".partial";
  private static final int UUID_LENGTH = 36;

  public QueryExport {
    requireNonNull(statement, "statement is null");
  }

  /** The file formats an export can be written in, chosen by the file name's extension. */
  public enum Format {
    CSV(".csv", "FORMAT csv, HEADER true, TIMESTAMPFORMAT '%Y-%m-%dT%H:%M:%S.%fZ'"),
    PARQUET(".parquet", "FORMAT parquet");

    private final String extension;
    private final String copyOptions;

    Format(String extension, String copyOptions) {
      this.extension = extension;
      this.copyOptions = copyOptions;
    }

    /** The file name's ending for this format, with its dot: {@code .csv}, {@code .parquet}. */
    public String extension() {
      return extension;
    }

    public static Format of(Path file) {
      String name =
          file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
      for (Format format : values()) {
        if (name.endsWith(format.extension) && name.length() > format.extension.length()) {
          return format;
        }
      }
      throw new InvalidInputException(
          "Cannot export to '" + file + "': the file name must end in .csv or .parquet");
    }
  }

  /**
   * Writes every row to {@code file} in the format its extension names and returns the row count.
   * The rows go to a temporary file beside it first, so a failed export never leaves half a file.
   */
  public long writeTo(Path file) {
    try (Connection connection = DuckDb.open()) {
      return writeTo(connection, file);
    } catch (SQLException e) {
      throw new StorageException("Cannot close DuckDB: " + e.getMessage(), e);
    }
  }

  /**
   * As {@link #writeTo(Path)}, on {@code connection}: for a statement that reads what earlier
   * statements left on that connection (temporary tables, macros, settings).
   */
  public long writeTo(Connection connection, Path file) {
    Format format = Format.of(file);
    Path target = file.toAbsolutePath().normalize();
    Path partial = target.resolveSibling(partialPrefix(target) + UUID.randomUUID() + PARTIAL_SUFFIX);
    try {
      Files.createDirectories(target.getParent());
    } catch (IOException e) {
      throw new StorageException(
          "Cannot create directory " + target.getParent() + ": " + e.getMessage(), e);
    }
    SqlStatement copy =
        new SqlStatement(
            "COPY ("
                + statement.sql()
                + ") TO "
                + SqlLiteral.quote(partial.toString())
                + " ("
                + format.copyOptions
                + ")",
            statement.parameters());
    try (PreparedStatement prepared = copy.prepare(connection)) {
      long rows = copiedRows(prepared);
      Files.move(
          partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return rows;
    } catch (SQLException | IOException e) {
      throw new StorageException("Cannot write " + target + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(partial);
    }
  }

  /**
   * Deletes the temporary files that exports to {@code file} left behind when their process died
   * mid-write, and returns how many. Only for a file with one writer at a time: a concurrent export's
   * temporary file would be deleted too.
   */
  public static int deletePartials(Path file) {
    Path target = file.toAbsolutePath().normalize();
    String prefix = partialPrefix(target);
    if (!Files.isDirectory(target.getParent())) {
      return 0;
    }
    int deleted = 0;
    try (DirectoryStream<Path> partials = Files.newDirectoryStream(
            target.getParent(),
            entry -> {
              String name = entry.getFileName().toString();
              // Exactly prefix + a UUID + suffix: another file's partials only share a prefix.
              return name.startsWith(prefix)
                  && name.endsWith(PARTIAL_SUFFIX)
                  && name.length() == prefix.length() + UUID_LENGTH + PARTIAL_SUFFIX.length();
            })) {
      for (Path partial : partials) {
        deleteQuietly(partial);
        deleted++;
      }
    } catch (IOException e) {
      throw new StorageException("Cannot list " + target.getParent() + ": " + e.getMessage(), e);
    }
    return deleted;
  }

  private static String partialPrefix(Path target) {
    return "." + target.getFileName() + ".";
  }

  /**
   * Hands every row, in the statement's order, to {@code consumer} as column name → value (Long,
   * BigDecimal, LocalDate, Instant, String, Double or null) and returns the row count.
   */
  public long forEachRow(Consumer<Map<String, Object>> consumer) {
    try (Connection connection = DuckDb.open();
        PreparedStatement prepared = statement.prepare(connection);
        ResultSet rows = prepared.executeQuery()) {
      ResultSetMetaData meta = rows.getMetaData();
      long count = 0;
      while (rows.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.put(meta.getColumnLabel(i), value(rows.getObject(i)));
        }
        consumer.accept(row);
        count++;
      }
      return count;
    } catch (SQLException e) {
      throw new StorageException("Cannot read rows: " + e.getMessage(), e);
    }
  }

  /**
   * Streams the rows as JSON lines (one snake_case object per line, ISO dates) and returns the
   * count. {@code out} is flushed, not closed: it is often stdout.
   */
  public long writeJsonLines(OutputStream out) {
    ObjectWriter json = FloeJson.mapper().writer();
    BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
    long count =
        forEachRow(
            row -> {
              try {
                buffered.write(json.writeValueAsBytes(row));
                buffered.write('\n');
              } catch (IOException e) {
                throw new StorageException("Cannot write rows: " + e.getMessage(), e);
              }
            });
    try {
      buffered.flush();
    } catch (IOException e) {
      throw new StorageException("Cannot write rows: " + e.getMessage(), e);
    }
    return count;
  }

  private static long copiedRows(PreparedStatement copy) throws SQLException {
    if (copy.execute()) {
      try (ResultSet result = copy.getResultSet()) {
        return result.next() ? result.getLong(1) : 0;
      }
    }
    return copy.getUpdateCount();
  }

  /** DuckDB hands a timestamptz back at an offset; Floe speaks instants. */
  private static Object value(Object raw) {
    return raw instanceof OffsetDateTime timestamp ? timestamp.toInstant() : raw;
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // The export itself already succeeded or failed; only a temporary file is left behind.
      LOG.warn("Cannot delete temporary export file {}: {}", path, e.getMessage());
    }
  }
}
