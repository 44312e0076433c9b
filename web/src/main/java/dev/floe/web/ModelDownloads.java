package dev.floe.web;

import dev.floe.engine.QueryExport;
import dev.floe.error.NotFoundException;
import dev.floe.models.ModelData;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.util.List;

/**
 * A model's exact training data and raw data as files to download, written by the same {@link
 * ModelData} exports as {@code floe training-data} and {@code floe raw-data}, through a {@link
 * TemporaryDownload} deleted once sent.
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
    try (TemporaryDownload download = TemporaryDownload.create("floe-download-")) {
      Path written = download.file(file);
      export.writeTo(written);
      download.send(ctx, written, safeName(version) + "-" + file);
    }
  }

  /** Model versions are {@code v} + digits; anything else never reaches a header unfiltered. */
  private static String safeName(String version) {
    return version.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
