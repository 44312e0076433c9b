package dev.floe.ingest;

import dev.floe.error.StorageException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Maps a CSV data row to the line it starts on. DuckDB numbers rows, not lines: it skips blank
 * lines, and a quoted field may span lines. Only an error message needs the line, so this reads the
 * file once, byte by byte, on that path alone.
 */
final class CsvLines {
  private CsvLines() {}

  /** The 1-based line where data row {@code row} (1-based, after the header record) starts. */
  static long lineOfRow(Path file, long row) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      long line = 1;
      long record = -1; // the header is record 0
      boolean inRecord = false;
      boolean inQuotes = false;
      int b;
      while ((b = in.read()) >= 0) {
        if (!inRecord) {
          if (b == '\n') {
            line++;
            continue;
          }
          if (b == '\r') {
            continue;
          }
          inRecord = true;
          record++;
          if (record == row) {
            return line;
          }
        }
        if (b == '"') {
          inQuotes = !inQuotes;
        } else if (b == '\n') {
          line++;
          inRecord = inQuotes;
        }
      }
      // Not found: the row numbering and the file disagree; the row number is the best we have.
      return row + 1;
    } catch (IOException e) {
      throw new StorageException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
