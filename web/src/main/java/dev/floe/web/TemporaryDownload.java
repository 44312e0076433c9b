package dev.floe.web;

import dev.floe.error.StorageException;
import io.javalin.http.Context;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A temporary directory for a response that is written to a file first (DuckDB writes Parquet to
 * files), then streamed as an attachment. The file and the directory are deleted once the response
 * is sent; when nothing is sent (the request failed), {@link #close()} deletes them at once.
 */
final class TemporaryDownload implements AutoCloseable {
  static final String CSV_CONTENT_TYPE = "text/csv; charset=utf-8";
  static final String PARQUET_CONTENT_TYPE = "application/vnd.apache.parquet";

  private final Path directory;
  private boolean sent;

  private TemporaryDownload(Path directory) {
    this.directory = directory;
  }

  /** A fresh directory under the system's temporary folder, named {@code prefix…}. */
  static TemporaryDownload create(String prefix) {
    try {
      return new TemporaryDownload(Files.createTempDirectory(prefix));
    } catch (IOException e) {
      throw new StorageException("Cannot create a temporary directory for the download: " + e.getMessage(), e);
    }
  }

  /** A file inside the directory, deleted with it. */
  Path file(String name) {
    return directory.resolve(name);
  }

  /**
   * Streams {@code file} (one of this directory's) as the attachment {@code attachmentName}, typed by
   * its extension; it and the directory are deleted when the response has been written.
   */
  void send(Context ctx, Path file, String attachmentName) {
    try {
      ctx.contentType(file.toString().endsWith(".csv") ? CSV_CONTENT_TYPE : PARQUET_CONTENT_TYPE);
      ctx.header("Content-Disposition", "attachment; filename=\"" + attachmentName + "\"");
      ctx.header("Content-Length", String.valueOf(Files.size(file)));
      ctx.result(new DeletingInputStream(file));
      sent = true;
    } catch (IOException e) {
      throw new StorageException("Cannot send " + attachmentName + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (sent) {
      return;
    }
    try (Stream<Path> files = Files.list(directory)) {
      files.forEach(TemporaryDownload::deleteQuietly);
    } catch (IOException e) {
      // Listing failed: the directory is left to the system's temporary-file cleanup.
    }
    deleteQuietly(directory);
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // A leftover temporary file is not worth failing the request for.
    }
  }

  /** Streams a temporary file and deletes it, and its directory, when the response is done with it. */
  private static final class DeletingInputStream extends FileInputStream {
    private final Path file;

    DeletingInputStream(Path file) throws IOException {
      super(file.toFile());
      this.file = file;
    }

    @Override
    public void close() throws IOException {
      try {
        super.close();
      } finally {
        deleteQuietly(file);
        deleteQuietly(file.getParent());
      }
    }
  }
}
