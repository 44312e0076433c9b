package dev.floe.web;

import static dev.floe.web.RunsHandler.encode;

import dev.floe.detect.DebugReport;
import dev.floe.detect.DebugRequest;
import dev.floe.web.render.Formats;
import dev.floe.web.render.HistoryChart;
import dev.floe.web.render.Html;
import dev.floe.web.render.Page;
import dev.floe.workflows.ModelCard;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * Debug reports: why a model would or would not flag an amount for a user. The JSON is the very
 * report {@code floe debug} prints; the page draws the same report.
 */
final class DebugHandler {
  static final String MODEL = "model";
  static final String USER = "user";
  static final String AMOUNT = "amount";
  static final String AS_OF = "as_of";
  static final String LAST_N = "last_n";
  private static final int MAX_LAST_N = 3660;

  private final DebugReports reports;
  private final ModelCatalog models;

  DebugHandler(DebugReports reports, ModelCatalog models) {
    this.reports = reports;
    this.models = models;
  }

  void register(RoutesConfig routes) {
    routes.get("/debug", this::page);
    routes.get("/api/debug", ctx -> Responses.json(ctx, reports.debug(request(parameters(ctx)))));
  }

  private static RequestParameters parameters(Context ctx) {
    return new RequestParameters(ctx::queryParam);
  }

  static DebugRequest request(RequestParameters parameters) {
    String model = parameters.requiredText(MODEL);
    long user = parameters.requiredLong(USER);
    BigDecimal amount = parameters.requiredDecimal(AMOUNT);
    LocalDate asOf = parameters.optionalDate(AS_OF);
    Integer lastN = parameters.optionalInt(LAST_N, 1, MAX_LAST_N);
    return new DebugRequest(model, user, amount, asOf, lastN == null ? DebugRequest.DEFAULT_LAST_N : lastN);
  }

  private void page(Context ctx) {
    RequestParameters parameters = parameters(ctx);
    boolean submitted = parameters.text(USER) != null || parameters.text(AMOUNT) != null;
    DebugRequest request = submitted ? request(parameters) : null;
    DebugReport report = request == null ? null : reports.debug(request);
    List<ModelCard> all = models.newestFirst();
    String selectedModel = parameters.text(MODEL);
    if (selectedModel == null && !all.isEmpty()) {
      selectedModel = all.get(0).modelVersion();
    }

    Html body = new Html();
    body.raw("<div class=\"card\"><form class=\"grid\" method=\"get\" action=\"/debug\">");
    body.raw("<div class=\"wide\"><label for=\"model\">Model</label><select id=\"model\" name=\"model\">");
    for (ModelCard card : all) {
      body.raw("<option").attribute("value", card.modelVersion());
      if (card.modelVersion().equals(selectedModel)) {
        body.raw(" selected");
      }
      body.raw(">").text(card.modelVersion() + " (threshold " + Formats.decimal2(card.decisionThreshold()) + ")")
          .raw("</option>");
    }
    body.raw("</select></div>");
    input(body, USER, "User id", parameters.text(USER), "42");
    input(body, AMOUNT, "Amount", parameters.text(AMOUNT), "120.00");
    body.raw("<div><label for=\"as_of\">As of (default: window end)</label><input id=\"as_of\" name=\"as_of\" type=\"date\"")
        .attribute("value", parameters.text(AS_OF) == null ? "" : parameters.text(AS_OF)).raw("></div>");
    input(body, LAST_N, "History rows", parameters.text(LAST_N), String.valueOf(DebugRequest.DEFAULT_LAST_N));
    body.raw("<div class=\"actions\"><button type=\"submit\" id=\"debug-submit\">Explain</button></div></form></div>");

    if (report != null) {
      report(body, report, request);
    } else if (all.isEmpty()) {
      body.raw("<p class=\"muted\">No model registered yet. <a href=\"/runs\">Start a run</a> to train one.</p>");
    }
    Responses.page(ctx, Page.of("Debug a decision", Page.Section.DEBUG, body));
  }

  private static void input(Html body, String name, String label, String value, String placeholder) {
    body.raw("<div><label").attribute("for", name).raw(">").text(label).raw("</label><input type=\"text\"")
        .attribute("id", name)
        .attribute("name", name)
        .attribute("value", value == null ? "" : value)
        .attribute("placeholder", placeholder)
        .raw("></div>");
  }

  private static void report(Html body, DebugReport report, DebugRequest request) {
    DebugReport.Decision decision = report.decision();
    DebugReport.Context context = report.context();
    ModelCard card = report.modelCard();
    body.raw("<h2>Decision</h2><div class=\"card\">");
    body.raw("<p id=\"decision\"").attribute("class", decision.isAnomaly() ? "verdict anomaly" : "verdict normal").raw(">")
        .text(decision.isAnomaly() ? "Anomaly" : "Not an anomaly").raw("</p>");
    body.raw("<p id=\"why\">").text(report.why()).raw("</p>");
    body.raw("<dl class=\"facts\">");
    fact(body, "User", context.userId());
    fact(body, "Amount", request.amount().toPlainString());
    fact(body, "As of", context.asOf());
    fact(body, "z-score", Formats.decimal2(decision.zScore()));
    fact(body, "Threshold used", Formats.decimal2(decision.thresholdUsed()));
    fact(body, "Historical mean", Formats.decimal2(decision.historicalMean()));
    fact(body, "Historical std", Formats.decimal2(decision.historicalStd()));
    fact(body, "Feature value as of", Formats.money(context.asOfFeatureValue()));
    body.raw("</dl></div>");

    body.raw("<h2>Feature history</h2>");
    body.raw(new HistoryChart(
            context.lastNFeatureDates(),
            context.lastNFeatureValues().stream().map(BigDecimal::doubleValue).toList(),
            decision.historicalMean(),
            decision.historicalStd(),
            decision.thresholdUsed(),
            request.amount().doubleValue(),
            card.featureName())
        .svg());
    body.raw("<table id=\"history\">").headerRow("Date", "#" + card.featureName()).raw("<tbody>");
    for (int i = 0; i < context.lastNFeatureDates().size(); i++) {
      body.raw("<tr>").cell(context.lastNFeatureDates().get(i))
          .numberCell(Formats.money(context.lastNFeatureValues().get(i))).raw("</tr>");
    }
    body.raw("</tbody></table>");

    body.raw("<h2>Model card</h2><div class=\"card\"><dl class=\"facts\">");
    body.raw("<dt>Model version</dt><dd>").link("/models/" + encode(report.modelVersion()), report.modelVersion()).raw("</dd>");
    fact(body, "Trained at (UTC)", Formats.instant(card.trainedAt()));
    fact(body, "Feature snapshot", card.featureSnapshotId());
    fact(body, "Raw events snapshot", card.rawEventsSnapshotId());
    fact(body, "Feature", card.featureName());
    fact(body, "Decision threshold", Formats.decimal2(card.decisionThreshold()));
    fact(body, "Training window", card.trainingWindowStart() + " to " + card.trainingWindowEnd());
    fact(body, "Quantile", card.quantile());
    body.raw("</dl></div>");

    String query = "model=" + encode(request.modelVersion()) + "&user=" + request.userId() + "&amount="
        + encode(request.amount().toPlainString()) + "&last_n=" + request.lastN()
        + (request.asOf() == null ? "" : "&as_of=" + request.asOf());
    body.raw("<p>").link("/api/debug?" + query, "This report as JSON (the same as floe debug)").raw("</p>");
  }

  private static void fact(Html body, String label, Object value) {
    body.raw("<dt>").text(label).raw("</dt><dd>").text(value == null ? "" : value).raw("</dd>");
  }
}
