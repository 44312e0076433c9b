package dev.floe.web;

import dev.floe.engine.QueryExport;
import dev.floe.error.InvalidInputException;
import dev.floe.error.StorageException;
import dev.floe.features.registry.FeatureSelection;
import dev.floe.pointintime.FeatureSnapshotChoice;
import dev.floe.pointintime.TimeText;
import dev.floe.pointintime.TrainingSetBuilder;
import dev.floe.pointintime.TrainingSetRequest;
import dev.floe.workflows.TrainingSetSummary;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code POST /training-set?(model=V|snapshot=S|known_at=T2)[&ttl=D][&format=csv|parquet][&features=a,b]}: the
 * request body is a label file (CSV with a header, or Parquet), the response the point-in-time
 * training set {@link TrainingSetBuilder} writes for it, as an attachment, with the summary in
 * {@code Floe-*} headers. Both files live in a temporary directory deleted once the response is
 * sent. Bodies over the configured limit get a 413 that points to the TrainingSet workflow.
 */
final class TrainingSetHandler {
  static final String PATH = "/training-set";

  /** The content types an upload may have: none can be posted cross-site without a preflight. */
  static final List<String> UPLOAD_TYPES = List.of("text/csv", "application/vnd.apache.parquet", "application/octet-stream");

  static final String SNAPSHOT_ID_HEADER = "Floe-Feature-Snapshot-Id";
  static final String SNAPSHOT_CHOICE_HEADER = "Floe-Snapshot-Choice";
  static final String ROWS_HEADER = "Floe-Rows";
  static final String WITH_FEATURES_HEADER = "Floe-Rows-With-Features";
  static final String PAST_TTL_HEADER = "Floe-Rows-Past-Ttl";
  static final String WITHOUT_HISTORY_HEADER = "Floe-Rows-Without-History";
  static final String TTL_HEADER = "Floe-Ttl";

  private static final byte[] PARQUET_MAGIC = {'P', 'A', 'R', '1'};

  private final TrainingSetBuilder builder;
  private final ActionGuard guard;
  private final long maxUploadBytes;

  TrainingSetHandler(TrainingSetBuilder builder, ActionGuard guard, long maxUploadBytes) {
    this.builder = builder;
    this.guard = guard;
    this.maxUploadBytes = maxUploadBytes;
  }

  void register(RoutesConfig routes) {
    routes.post(PATH, this::build);
  }

  private void build(Context ctx) {
    guard.checkUpload(ctx, UPLOAD_TYPES);
    FeatureSnapshotChoice choice =
        FeatureSnapshotChoice.exactlyOne(
            ctx.queryParam("model"), ctx.queryParam("snapshot"), ctx.queryParam("known_at"),
            TrainingSetBuilder.CHOICE_FIELDS);
    String ttlText = ctx.queryParam("ttl");
    Duration ttl = ttlText == null ? null : TimeText.duration("ttl", ttlText);
    QueryExport.Format requested = format(ctx.queryParam("format"));
    List<String> features = FeatureSelection.parse("features", ctx.queryParam("features"));
    long declared = ctx.contentLength();
    if (declared > maxUploadBytes) {
      throw tooLarge();
    }
    try (TemporaryDownload download = TemporaryDownload.create("floe-training-set-")) {
      Path upload = download.file("labels.upload");
      receive(ctx, upload);
      QueryExport.Format labelFormat = labelFormat(upload, ctx.contentType());
      Path labels = download.file("labels" + labelFormat.extension());
      move(upload, labels);
      QueryExport.Format outFormat = requested != null ? requested : labelFormat;
      Path out = download.file("training-set" + outFormat.extension());
      TrainingSetSummary summary = buildNamingTheBody(new TrainingSetRequest(labels, choice, ttl, out, features), labels);
      deleteQuietly(labels);
      ctx.header(SNAPSHOT_ID_HEADER, String.valueOf(summary.featureSnapshotId()));
      ctx.header(SNAPSHOT_CHOICE_HEADER, summary.snapshotChoice());
      ctx.header(ROWS_HEADER, String.valueOf(summary.rows()));
      ctx.header(WITH_FEATURES_HEADER, String.valueOf(summary.rowsWithFeatures()));
      ctx.header(PAST_TTL_HEADER, String.valueOf(summary.rowsPastTtl()));
      ctx.header(WITHOUT_HISTORY_HEADER, String.valueOf(summary.rowsWithoutHistory()));
      if (summary.ttl() != null) {
        ctx.header(TTL_HEADER, summary.ttl().toString());
      }
      download.send(ctx, out, "training-set-" + summary.featureSnapshotId() + outFormat.extension());
    }
  }

  /** The label file's messages name its temporary path; the user knows it as the request body. */
  private TrainingSetSummary buildNamingTheBody(TrainingSetRequest request, Path labels) {
    try {
      return builder.build(request);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(e.getMessage().replace("'" + labels + "'", "(the request body)"));
    }
  }

  /** Copies the body to {@code file}, stopping with a 413 as soon as it passes the limit. */
  private void receive(Context ctx, Path file) {
    long written = 0;
    try (InputStream body = ctx.req().getInputStream();
        OutputStream copy = Files.newOutputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
        written += read;
        if (written > maxUploadBytes) {
          throw tooLarge();
        }
        copy.write(buffer, 0, read);
      }
    } catch (IOException e) {
      throw new StorageException("Cannot receive the label file: " + e.getMessage(), e);
    }
    if (written == 0) {
      throw new InvalidInputException(
          "The body is empty: send the label file, CSV with a header user_id,label,as_of_ts or Parquet");
    }
  }

  private UploadTooLargeException tooLarge() {
    return new UploadTooLargeException(
        "The label file is larger than this server takes (" + maxUploadBytes + " bytes, set by floe web"
            + " --max-label-upload-bytes): build it with the TrainingSet workflow instead, 'floe training-set"
            + " --labels FILE --out FILE --workflow', which reads the file on the worker");
  }

  /** Parquet when the body starts with Parquet's magic or says so; anything else is read as CSV. */
  private static QueryExport.Format labelFormat(Path upload, String contentType) {
    byte[] head = new byte[PARQUET_MAGIC.length];
    try (InputStream in = Files.newInputStream(upload)) {
      int read = in.readNBytes(head, 0, head.length);
      if (read == head.length && Arrays.equals(head, PARQUET_MAGIC)) {
        return QueryExport.Format.PARQUET;
      }
    } catch (IOException e) {
      throw new StorageException("Cannot read the received label file: " + e.getMessage(), e);
    }
    boolean saysParquet = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(UPLOAD_TYPES.get(1));
    return saysParquet ? QueryExport.Format.PARQUET : QueryExport.Format.CSV;
  }

  private static QueryExport.Format format(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "csv" -> QueryExport.Format.CSV;
      case "parquet" -> QueryExport.Format.PARQUET;
      default -> throw new InvalidParameterException("format", "format '" + text + "' is not csv or parquet");
    };
  }

  private static void move(Path from, Path to) {
    try {
      Files.move(from, to);
    } catch (IOException e) {
      throw new StorageException("Cannot rename the received label file: " + e.getMessage(), e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // The directory's cleanup after the response removes it anyway.
    }
  }
}
