package dev.floe.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.floe.error.InvalidInputException;
import dev.floe.metrics.FeatureDriftMetrics;
import dev.floe.metrics.FloeMetrics;
import dev.floe.serving.FeatureServingApi;
import dev.floe.serving.OnlineFeaturesQuery;
import dev.floe.workflows.FloeJson;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * The feature-serving API and the Prometheus scrape, mounted on the dashboard's server: the routes
 * are {@link FeatureServingApi}'s, one line each; its exceptions map to statuses in {@link FloeWebApp}.
 */
final class ServingHandler {
  private final FeatureServingApi api;
  private final FloeMetrics metrics;
  private final FeatureDriftMetrics drift;

  ServingHandler(FeatureServingApi api, FloeMetrics metrics, FeatureDriftMetrics drift) {
    this.api = api;
    this.metrics = metrics;
    this.drift = drift;
  }

  void register(RoutesConfig routes) {
    routes.get("/features/online/{user_id}", ctx -> Responses.json(ctx,
        api.onlineFeatures(ctx.pathParam("user_id"), ctx.queryParam("features"))));
    routes.post("/features/online", ctx -> Responses.json(ctx, api.onlineFeatures(query(ctx), ctx.queryParam("features"))));
    routes.get("/features/offline/{user_id}", ctx -> Responses.json(ctx,
        api.offlineFeatures(
            ctx.pathParam("user_id"), ctx.queryParam("as_of"), ctx.queryParam("known_at"), ctx.queryParam("features"))));
    routes.get("/metrics", ctx -> {
      drift.refresh();
      ctx.contentType(FloeMetrics.PROMETHEUS_CONTENT_TYPE).result(metrics.scrape());
    });
  }

  private static OnlineFeaturesQuery query(Context ctx) {
    String body = ctx.body();
    if (body.isBlank()) {
      return null;
    }
    try {
      return FloeJson.mapper().readValue(body, OnlineFeaturesQuery.class);
    } catch (JsonProcessingException e) {
      if (e.getCause() instanceof InvalidInputException invalid) {
        throw invalid;
      }
      throw new InvalidInputException("The body is not {\"user_ids\": [1, 2, 3]}: " + e.getOriginalMessage());
    }
  }
}
