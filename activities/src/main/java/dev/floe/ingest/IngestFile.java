package dev.floe.ingest;

import static dev.floe.ingest.EventIngester.execute;
import static dev.floe.ingest.EventIngester.prepare;

import dev.floe.engine.SqlFile;
import dev.floe.error.InvalidInputException;
import dev.floe.error.StorageException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file being ingested, and what depends on its format: how its rows are exposed to DuckDB as
 * {@code ingest_source(path)}, and how a row is named in an error (a CSV line, a Parquet row).
 */
final class IngestFile {
  static final List<String> COLUMNS =
      List.of("id", "user_id", "amount", "vendor_id", "event_timestamp");

  /** The longest CSV line accepted (DuckDB's reader stops at 2 MiB). */
  static final long MAX_CSV_LINE_BYTES = 1 << 20;

  private static final String HEADER = String.join(",", COLUMNS);
  private static final Pattern CSV_ERROR_LINE = Pattern.compile("CSV Error on Line: (\\d+)");
  private static final Pattern CSV_COLUMN_COUNT =
      Pattern.compile("Expected Number of Columns: (\\d+) Found: (\\d+)");

  enum Format {
    CSV,
    PARQUET
  }

  private final Path path;
  private final Format format;

  private IngestFile(Path path, Format format) {
    this.path = path;
    this.format = format;
  }

  /** The file at {@code path}, which must exist and be named .csv or .parquet. */
  static IngestFile of(Path path) {
    if (!Files.isRegularFile(path)) {
      throw new InvalidInputException("File to ingest " + path + " does not exist");
    }
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv")) {
      return new IngestFile(path, Format.CSV);
    }
    if (name.endsWith(".parquet")) {
      return new IngestFile(path, Format.PARQUET);
    }
    throw new InvalidInputException(
        "Cannot ingest " + path + ": expected a .csv or .parquet file with columns " + HEADER);
  }

  Path path() {
    return path;
  }

  /** The file as the user named it, for messages. */
  String name() {
    return path.toString();
  }

  /**
   * SHA-256 of the file's bytes: the identity that makes re-ingesting the same file a no-op. For a
   * CSV file the same pass refuses a line longer than {@link #MAX_CSV_LINE_BYTES}: DuckDB's reader
   * cannot take one and, at the end of a file, silently drops it instead of failing.
   */
  String sha256() {
    try (InputStream in = Files.newInputStream(path)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      long line = 1;
      long lineBytes = 0;
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        digest.update(buffer, 0, read);
        if (format != Format.CSV) {
          continue;
        }
        for (int i = 0; i < read; i++) {
          if (buffer[i] == '\n') {
            line++;
            lineBytes = 0;
          } else if (++lineBytes > MAX_CSV_LINE_BYTES) {
            throw new InvalidInputException(
                name()
                    + " line "
                    + line
                    + " is longer than "
                    + MAX_CSV_LINE_BYTES / (1 << 20)
                    + " MiB: no transaction row is, so the file is refused");
          }
        }
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new StorageException("Cannot read " + path + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Checks the header or columns, then defines {@code ingest_source(path)} for this format. */
  void defineSource(Connection connection) throws SQLException {
    if (format == Format.CSV) {
      checkHeader();
      execute(connection, SqlFile.load("ingest_csv_source_macro").text());
      return;
    }
    checkParquetColumns(connection);
    execute(connection, SqlFile.load("ingest_parquet_source_macro").text());
  }

  /** Runs a query over the file, turning a malformed file into an error that says where. */
  ResultSet read(PreparedStatement statement) {
    try {
      return statement.executeQuery();
    } catch (SQLException e) {
      throw unreadable(e);
    }
  }

  /** Runs a statement over the file, turning a malformed file into an error that says where. */
  void run(PreparedStatement statement) {
    try {
      statement.execute();
    } catch (SQLException e) {
      throw unreadable(e);
    }
  }

  /** The error for a bad row: the file, where the row is, and the problem. */
  InvalidInputException rowError(long rowNumber, String problem) {
    return new InvalidInputException(name() + " " + place(rowNumber) + ": " + problem);
  }

  /** Where data row {@code rowNumber} (from 1) is, the way a person would look for it. */
  String place(long rowNumber) {
    if (format == Format.PARQUET) {
      return "row " + rowNumber;
    }
    return "line " + CsvLines.lineOfRow(path, rowNumber);
  }

  private void checkHeader() {
    String header;
    try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      header = reader.readLine();
    } catch (IOException e) {
      throw new InvalidInputException(
          "Cannot read " + name() + " as UTF-8 text: " + e.getMessage(), e);
    }
    if (header == null) {
      throw new InvalidInputException(
          name() + " is empty: expected the header " + HEADER + " and rows");
    }
    header = header.replace("\uFEFF", "").strip();
    if (!header.equals(HEADER)) {
      throw new InvalidInputException(
          name() + " line 1: the header must be exactly " + HEADER + ", got " + header);
    }
  }

  private void checkParquetColumns(Connection connection) {
    List<String> columns = new ArrayList<>();
    try (PreparedStatement statement =
            prepare(connection, SqlFile.load("ingest_parquet_columns").text(), name());
        ResultSet rows = read(statement)) {
      while (rows.next()) {
        columns.add(rows.getString(1));
      }
    } catch (SQLException e) {
      throw unreadable(e);
    }
    for (String column : COLUMNS) {
      if (!columns.contains(column)) {
        throw new InvalidInputException(
            name()
                + " has no column "
                + column
                + ": expected columns "
                + HEADER
                + ", found "
                + String.join(",", columns));
      }
    }
    for (String column : columns) {
      if (!COLUMNS.contains(column)) {
        throw new InvalidInputException(
            name() + " has an unexpected column " + column + ": expected exactly " + HEADER);
      }
    }
  }

  private InvalidInputException unreadable(SQLException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (format == Format.PARQUET) {
      return new InvalidInputException(
          "Cannot read " + name() + " as Parquet: " + firstLine(message), e);
    }
    Matcher line = CSV_ERROR_LINE.matcher(message);
    if (!line.find()) {
      return new InvalidInputException(
          "Cannot read " + name() + " as CSV: " + firstLine(message), e);
    }
    Matcher count = CSV_COLUMN_COUNT.matcher(message);
    String problem =
        count.find()
            ? "expected " + count.group(1) + " fields (" + HEADER + "), found " + count.group(2)
            : firstLine(message.substring(line.end())).strip();
    return new InvalidInputException(name() + " line " + line.group(1) + ": " + problem, e);
  }

  private static String firstLine(String message) {
    String trimmed = message.strip();
    int newline = trimmed.indexOf('\n');
    return newline < 0 ? trimmed : trimmed.substring(0, newline);
  }
}
