package dev.floe.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.floe.web.render.Page;
import dev.floe.workflows.FloeJson;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Writes what handlers answer: JSON in Floe's one dialect, or a rendered page. */
final class Responses {
  private Responses() {}

  /** Set once a handler has written its JSON body, so the 404 error handler does not add a second. */
  private static final String JSON_WRITTEN = "floe.json-written";

  /**
   * JSON exactly as the CLI prints it: the same mapper on the same records. The bytes go straight
   * to the response's stream rather than through {@code ctx.result}, which Javalin copies with a
   * new 32 KB buffer per response: most of what a feature lookup allocated (see BENCHMARKS.md).
   * Serialized first, so a failure leaves nothing written and maps to a clean error.
   */
  static void json(Context ctx, Object body) {
    byte[] bytes;
    try {
      bytes = FloeJson.mapper().writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write " + body.getClass().getSimpleName() + " as JSON", e);
    }
    ctx.contentType(ContentType.APPLICATION_JSON);
    try {
      ctx.outputStream().write(bytes);
    } catch (IOException e) {
      // The client went away mid-response; there is no one left to answer.
      throw new UncheckedIOException("Cannot send the response to " + ctx.ip(), e);
    }
    ctx.attribute(JSON_WRITTEN, Boolean.TRUE);
  }

  /** Whether this response already has a body, written by {@link #json} or set as a result. */
  static boolean hasBody(Context ctx) {
    return ctx.resultInputStream() != null || Boolean.TRUE.equals(ctx.attribute(JSON_WRITTEN));
  }

  static void page(Context ctx, Page page) {
    ctx.contentType(ContentType.TEXT_HTML).result(page.render());
  }

  static boolean wantsJson(Context ctx) {
    String path = ctx.path();
    return path.startsWith("/api/") || path.startsWith("/features/") || path.equals("/metrics")
        || path.equals(TrainingSetHandler.PATH);
  }
}
