package dev.floe.worker;

import dev.floe.engine.QueryExport;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Rows a command hands out ({@code training-data}, {@code raw-data}, {@code export-features}): to
 * the file {@code --out} names, as CSV or Parquet by its extension, and then this record on stdout;
 * or, without {@code --out}, straight to stdout as JSON lines, one row per line.
 */
record FileExport(
    String modelVersion, String table, Long snapshotId, String file, String format, long rows) {

  static void write(
      Main floe, QueryExport rows, Path out, String modelVersion, String table, Long snapshotId) {
    if (out == null) {
      rows.writeJsonLines(floe.output().stream());
      return;
    }
    String format = QueryExport.Format.of(out).name().toLowerCase(Locale.ROOT);
    long count = rows.writeTo(out);
    FileExport export =
        new FileExport(
            modelVersion,
            table,
            snapshotId,
            out.toAbsolutePath().normalize().toString(),
            format,
            count);
    floe.output().print(export, FileExport::summary);
  }

  static String summary(FileExport export) {
    return String.format(
        "Wrote %,d rows of %s snapshot %s%s to %s (%s).",
        export.rows(),
        export.table(),
        export.snapshotId(),
        export.modelVersion() == null ? "" : " (model " + export.modelVersion() + ")",
        export.file(),
        export.format());
  }
}
