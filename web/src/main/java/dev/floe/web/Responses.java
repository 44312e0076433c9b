package dev.floe.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.floe.web.render.Page;
import dev.floe.workflows.FloeJson;
import io.javalin.http.ContentType;
import io.javalin.http.Context;

/** Writes what handlers answer: JSON in Floe's one dialect, or a rendered page. */
final class Responses {
  private Responses() {}

  /** JSON exactly as the CLI prints it: the same mapper on the same records. */
  static void json(Context ctx, Object body) {
    try {
      ctx.contentType(ContentType.APPLICATION_JSON).result(FloeJson.mapper().writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write " + body.getClass().getSimpleName() + " as JSON", e);
    }
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
