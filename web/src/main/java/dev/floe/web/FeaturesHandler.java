package dev.floe.web;

import dev.floe.features.registry.FeatureRegistry;
import dev.floe.features.registry.RegisteredFeature;
import dev.floe.web.render.Formats;
import dev.floe.web.render.Html;
import dev.floe.web.render.Page;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/** The feature registry: the newest version of every applied feature definition. */
final class FeaturesHandler {
  private final FeatureRegistry registry;

  FeaturesHandler(FeatureRegistry registry) {
    this.registry = registry;
  }

  void register(RoutesConfig routes) {
    routes.get("/features", this::page);
    routes.get("/api/features", ctx -> Responses.json(ctx, registry.list()));
  }

  private void page(Context ctx) {
    List<RegisteredFeature> features = registry.list();
    Html body = new Html();
    if (features.isEmpty()) {
      body.raw("<p class=\"muted\">No feature definitions applied yet: run <code>floe features apply"
          + " [DIR]</code>. Featurize computes <code>")
          .text(FeatureRegistry.BUILT_IN_FEATURE)
          .raw("</code>.</p>");
      Responses.page(ctx, Page.of("Features", Page.Section.FEATURES, body));
      return;
    }
    body.raw("<table id=\"features\">")
        .headerRow("Feature", "Version", "Aggregation", "Column", "Window", "Type", "Owner", "TTL",
            "Applied (UTC)", "Description")
        .raw("<tbody>");
    for (RegisteredFeature feature : features) {
      body.raw("<tr>")
          .cell(feature.name())
          .numberCell(feature.version())
          .cell(feature.aggregation())
          .cell(feature.sourceColumn() == null ? "" : feature.sourceColumn())
          .numberCell(feature.windowDays() == null ? "" : feature.windowDays() + " d")
          .cell(feature.dataType())
          .cell(feature.owner())
          .cell(feature.ttl() == null ? "" : feature.ttl())
          .dateCell(Formats.instant(feature.appliedAt()))
          .cell(feature.description())
          .raw("</tr>");
    }
    body.raw("</tbody></table>");
    body.raw("<p>").link("/snapshots/feature_definitions", "The registry's snapshots").raw(" · ")
        .link("/api/features", "These definitions as JSON").raw("</p>");
    Responses.page(ctx, Page.of("Features", Page.Section.FEATURES, body));
  }
}
