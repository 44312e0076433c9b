package dev.floe.web;

import static dev.floe.web.RunsHandler.encode;

import dev.floe.drift.DriftReport;
import dev.floe.drift.DriftRequest;
import dev.floe.drift.FeatureDrift;
import dev.floe.error.EmptyWindowException;
import dev.floe.error.InvalidInputException;
import dev.floe.models.Reproduction;
import dev.floe.web.ModelTrainingData.ZHistogram;
import dev.floe.web.render.DriftChart;
import dev.floe.web.render.Formats;
import dev.floe.web.render.HistogramChart;
import dev.floe.web.render.Html;
import dev.floe.web.render.Page;
import dev.floe.workflows.ModelCard;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;

/**
 * Registered models: the list, and one model's card, lineage, |z| histogram, feature drift and data
 * downloads.
 */
final class ModelsHandler {
  private final ModelCatalog models;
  private final ModelTrainingData trainingData;
  private final ModelDownloads downloads;
  private final ModelReproductions reproductions;
  private final FeatureDrift drift;

  ModelsHandler(ModelCatalog models, ModelTrainingData trainingData, ModelDownloads downloads,
      ModelReproductions reproductions, FeatureDrift drift) {
    this.models = models;
    this.trainingData = trainingData;
    this.downloads = downloads;
    this.reproductions = reproductions;
    this.drift = drift;
  }

  /** A model with what its page draws. */
  record ModelDetail(ModelCard model, ZHistogram zHistogram) {}

  void register(RoutesConfig routes) {
    routes.get("/models", this::listPage);
    routes.get("/api/models", ctx -> Responses.json(ctx, models.newestFirst()));
    routes.get("/models/{version}", this::modelPage);
    routes.get("/api/models/{version}", ctx -> Responses.json(ctx, detail(ctx.pathParam("version"))));
    routes.get("/api/models/{version}/reproduction", ctx -> Responses.json(ctx, reproduction(ctx.pathParam("version"))));
    routes.get("/api/models/{version}/drift", ctx -> Responses.json(ctx, drift(ctx)));
    routes.get("/models/{version}/{file}", ctx -> downloads.send(ctx, ctx.pathParam("version"), ctx.pathParam("file")));
  }

  ModelDetail detail(String version) {
    ModelCard card = models.find(version);
    return new ModelDetail(card, trainingData.histogram(card));
  }

  /** {@code floe reproduce V} for one model: its kept verdict, or a check run now. */
  Reproduction reproduction(String version) {
    return reproductions.check(models.find(version).modelVersion());
  }

  /**
   * {@code floe drift --model V [--snapshot S] [--psi-threshold P --ks-threshold D]}: parameters
   * {@code snapshot}, {@code psi_threshold}, {@code ks_threshold}.
   */
  DriftReport drift(Context ctx) {
    ModelCard card = models.find(ctx.pathParam("version"));
    RequestParameters parameters = new RequestParameters(ctx::queryParam);
    Long snapshot = parameters.optionalLong("snapshot");
    Double psi = parameters.optionalDouble("psi_threshold");
    Double ks = parameters.optionalDouble("ks_threshold");
    DriftRequest request;
    try {
      request = new DriftRequest(card.modelVersion(), snapshot,
          psi == null ? DriftRequest.DEFAULT_PSI_THRESHOLD : psi,
          ks == null ? DriftRequest.DEFAULT_KS_THRESHOLD : ks);
    } catch (InvalidInputException e) {
      throw new InvalidParameterException(psi != null && !(psi > 0) ? "psi_threshold" : "ks_threshold", e.getMessage());
    }
    return drift.compare(request);
  }

  private void listPage(Context ctx) {
    List<ModelCard> all = models.newestFirst();
    Html body = new Html();
    if (all.isEmpty()) {
      body.raw("<p class=\"muted\">No model registered yet. <a href=\"/runs\">Start a run</a> to train one.</p>");
    } else {
      body.raw("<table id=\"models\">")
          .headerRow("Version", "Trained at (UTC)", "#Threshold", "#Quantile", "Window start", "Window end",
              "#Training rows");
      body.raw("<tbody>");
      for (ModelCard card : all) {
        body.raw("<tr><td>").link("/models/" + encode(card.modelVersion()), card.modelVersion()).raw("</td>")
            .dateCell(Formats.instant(card.trainedAt()))
            .numberCell(Formats.decimal2(card.decisionThreshold()))
            .numberCell(card.quantile() == null ? "" : card.quantile())
            .dateCell(card.trainingWindowStart())
            .dateCell(card.trainingWindowEnd())
            .numberCell(Formats.count(card.trainingRows()))
            .raw("</tr>");
      }
      body.raw("</tbody></table>");
    }
    body.raw("<p>").link("/api/models", "All models as JSON").raw("</p>");
    Responses.page(ctx, Page.of("Models", Page.Section.MODELS, body));
  }

  private void modelPage(Context ctx) {
    ModelDetail detail = detail(ctx.pathParam("version"));
    ModelCard card = detail.model();
    String version = encode(card.modelVersion());
    Html body = new Html();
    body.raw("<h2>Model card</h2><div class=\"card\"><dl class=\"facts\" id=\"model-card\">");
    fact(body, "Model version", card.modelVersion());
    fact(body, "Trained at (UTC)", Formats.instant(card.trainedAt()));
    fact(body, "Feature", card.featureName());
    // Two decimals on the page; the exact value is a hover away and in /api/models/{version}.
    body.raw("<dt>Decision threshold</dt><dd id=\"model-threshold\"")
        .attribute("title", String.valueOf(card.decisionThreshold()))
        .raw(">").text(Formats.decimal2(card.decisionThreshold())).raw("</dd>");
    fact(body, "Quantile", card.quantile());
    fact(body, "Training window", card.trainingWindowStart() + " to " + card.trainingWindowEnd());
    fact(body, "Training rows", Formats.count(card.trainingRows()));
    fact(body, "Feature mean", Formats.decimal2(card.featureMean()));
    fact(body, "Feature std", Formats.decimal2(card.featureStd()));
    body.raw("</dl></div>");

    body.raw("<h2>Lineage</h2><div class=\"card\"><dl class=\"facts\" id=\"model-lineage\">");
    body.raw("<dt>Feature snapshot</dt><dd>")
        .link("/snapshots/user_features?snapshot_id=" + card.featureSnapshotId(), card.featureSnapshotId())
        .raw(" <span class=\"muted\">user_features</span></dd>");
    body.raw("<dt>Raw events snapshot</dt><dd>")
        .link("/snapshots/raw_events?snapshot_id=" + card.rawEventsSnapshotId(), card.rawEventsSnapshotId())
        .raw(" <span class=\"muted\">raw_events</span></dd>");
    body.raw("<dt>Workflow id</dt><dd>");
    if (card.workflowId() != null) {
      body.link("/runs/" + encode(card.workflowId()), card.workflowId());
    }
    body.raw("</dd>");
    fact(body, "Run id", card.runId());
    fact(body, "SQL hash", card.sqlHash());
    fact(body, "Floe version", card.floeVersion());
    fact(body, "Registry snapshot", card.snapshotId());
    body.raw("</dl></div>");

    ZHistogram histogram = detail.zHistogram();
    body.raw("<h2>Training |z| distribution</h2><p class=\"muted\">")
        .text(Formats.count(histogram.rows()) + " training rows; bars at or past the threshold "
            + Formats.decimal2(card.decisionThreshold()) + " are red.")
        .raw("</p>");
    body.raw(new HistogramChart(histogram.counts(), histogram.upperBound(), histogram.threshold(), "|z| of "
        + card.featureName() + " over the training window").svg());

    driftSection(body, card);

    body.raw("<h2>Data</h2><p id=\"model-downloads\">Exactly the rows this model was trained on, and the raw events"
        + " its features were computed from, read from the snapshots it names:</p><p>");
    for (String file : ModelDownloads.FILES) {
      body.link("/models/" + version + "/" + file, file).raw(file.equals(ModelDownloads.FILES.get(ModelDownloads.FILES.size() - 1)) ? "" : " · ");
    }
    body.raw("</p>");
    body.raw("<h2>Reproducibility</h2><p id=\"model-reproduction\">");
    Optional<Reproduction> reproduction = "true".equals(ctx.queryParam("reproduce"))
        ? Optional.of(reproductions.check(card.modelVersion()))
        : reproductions.kept(card.modelVersion());
    if (reproduction.isPresent()) {
      body.raw(reproduction.get().reproduced() ? "<span class=\"status COMPLETED\">" : "<span class=\"status FAILED\">")
          .text(reproduction.get().verdict()).raw("</span>");
    } else {
      body.text("Not checked since the dashboard started: ")
          .link("/models/" + version + "?reproduce=true", "recompute its features and threshold now")
          .text(" (as ").raw("<code>").text("floe reproduce " + card.modelVersion()).raw("</code>").text(" does).");
    }
    body.raw("</p>");
    body.raw("<h2>Explore</h2><p>")
        .link("/debug?model=" + version, "Debug a decision with this model")
        .raw(" · ")
        .link("/api/models/" + version, "This model as JSON")
        .raw("</p>");
    Responses.page(ctx, Page.of("Model " + card.modelVersion(), Page.Section.MODELS, body));
  }

  /** Each feature's training rows against the current snapshot: numbers and a chart per feature. */
  private void driftSection(Html body, ModelCard card) {
    String version = encode(card.modelVersion());
    body.raw("<h2>Drift</h2><div id=\"model-drift\">");
    DriftReport report;
    try {
      report = drift.compare(DriftRequest.of(card.modelVersion(), null));
    } catch (InvalidInputException | EmptyWindowException e) {
      // The rest of the page stands; the reason drift cannot be computed is the section.
      body.raw("<p class=\"error\">").text(e.getMessage()).raw("</p></div>");
      return;
    }
    body.raw("<p>")
        .raw(report.drifted() ? "<span class=\"status FAILED\">Drifted</span> " : "<span class=\"status COMPLETED\">No drift</span> ")
        .text("Training rows " + report.referenceWindowStart() + " to " + report.referenceWindowEnd()
            + " against the current user_features snapshot " + report.currentSnapshotId() + ", "
            + report.currentWindowStart() + " to " + report.currentWindowEnd() + ". A feature drifted when its PSI is above "
            + report.psiThreshold() + " or its KS statistic D above " + report.ksThreshold() + ".")
        .raw("</p>");
    body.raw("<table id=\"drift\">").headerRow("Feature", "#PSI", "#KS D", "#KS p-value", "#Training rows",
        "#Current rows", "Drifted");
    body.raw("<tbody>");
    for (DriftReport.FeatureComparison feature : report.features()) {
      body.raw("<tr>").cell(feature.name())
          .numberCell(String.format(java.util.Locale.ROOT, "%.4f", feature.psi()))
          .numberCell(String.format(java.util.Locale.ROOT, "%.4f", feature.ksStatistic()))
          .numberCell(String.format(java.util.Locale.ROOT, "%.3g", feature.ksPValue()))
          .numberCell(Formats.count(feature.referenceRows()))
          .numberCell(Formats.count(feature.currentRows()))
          .cell(feature.drifted() ? "yes" : "no")
          .raw("</tr>");
    }
    body.raw("</tbody></table>");
    for (DriftReport.FeatureComparison feature : report.features()) {
      body.raw(new DriftChart(feature.name(), feature.binEdges(), feature.referenceProportions(),
          feature.currentProportions()).svg());
    }
    body.raw("<p>").link("/api/models/" + version + "/drift", "Drift as JSON")
        .text(" (as ").raw("<code>").text("floe drift --model " + card.modelVersion()).raw("</code>").text(" prints it)")
        .raw("</p></div>");
  }

  private static void fact(Html body, String label, Object value) {
    body.raw("<dt>").text(label).raw("</dt><dd>").text(value == null ? "" : value).raw("</dd>");
  }
}
