package dev.floe.web;

import dev.floe.engine.QueryExport;
import dev.floe.error.NotFoundException;
import dev.floe.error.StorageException;
import dev.floe.models.ModelData;
import io.javalin.http.Context;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A model's exact training data and raw data as files to download, written by the same {@link
 * ModelData} exports as {@code floe training-data} and {@code floe raw-data}. Each download is
 * written to a temporary file (DuckDB writes Parquet to files) and streamed; the file is deleted once
 * sent.
 */
final class ModelDownloads {
  /** The files a model page offers, by the name in its URL. */
  static final List<String> FILES =
      List.of("training-data.csv", "training-data.parquet", "raw-data.csv", "raw-data.parquet");

  private final ModelData data;

  ModelDownloads(ModelData data) {
    this.data = data;
  }

  void send(Context ctx, String version, String file) {
    if (!FILES.contains(file)) {
      throw new NotFoundException("Nothing to download as '" + file + "': a model offers " + String.join(", ", FILES));
    }
    QueryExport export = file.startsWith("training-data") ? data.trainingData(version) : data.rawData(version);
    Path directory;
    try {
      directory = Files.createTempDirectory("floe-download-");
    } catch (IOException e) {
      throw new StorageException("Cannot create a temporary directory for the download: " + e.getMessage(), e);
    }
    Path written = directory.resolve(file);
    try {
      export.writeTo(written);
      boolean csv = file.endsWith(".csv");
      ctx.contentType(csv ? "text/csv; charset=utf-8" : "application/vnd.apache.parquet");
      ctx.header("Content-Disposition", "attachment; filename=\"" + safeName(version) + "-" + file + "\"");
      ctx.header("Content-Length", String.valueOf(Files.size(written)));
      ctx.result(new DeletingInputStream(written));
    } catch (IOException e) {
      deleteQuietly(written);
      throw new StorageException("Cannot send " + file + " of model " + version + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      deleteQuietly(written);
      deleteQuietly(directory);
      throw e;
    }
  }

  /** Model versions are {@code v} + digits; anything else never reaches a header unfiltered. */
  private static String safeName(String version) {
    return version.replaceAll("[^A-Za-z0-9._-]", "_");
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
