package dev.floe.web;

import dev.floe.catalog.FloeTable;
import dev.floe.error.FloeException;
import dev.floe.metrics.FreshnessReport;
import dev.floe.web.TableSnapshots.TableState;
import dev.floe.web.render.Formats;
import dev.floe.web.render.Html;
import dev.floe.web.render.Page;
import dev.floe.web.runs.PipelineRuns;
import dev.floe.web.runs.RunView;
import dev.floe.workflows.ModelCard;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The overview: each table's current snapshot, how fresh the features are (with a warning once they
 * are stale), the latest model, the runs in progress.
 */
final class OverviewHandler {
  private final TableSnapshots snapshots;
  private final ModelCatalog models;
  private final PipelineRuns runs;
  private final Supplier<FreshnessReport> freshness;

  OverviewHandler(
      TableSnapshots snapshots, ModelCatalog models, PipelineRuns runs, Supplier<FreshnessReport> freshness) {
    this.snapshots = snapshots;
    this.models = models;
    this.runs = runs;
    this.freshness = freshness;
  }

  /**
   * @param runsError why the runs could not be listed (the orchestrator is down), else null
   */
  record Overview(
      List<TableState> tables,
      FreshnessReport freshness,
      ModelCard latestModel,
      List<RunView> runsInProgress,
      String runsError) {
    Overview {
      tables = List.copyOf(tables);
      runsInProgress = List.copyOf(runsInProgress);
    }
  }

  void register(RoutesConfig routes) {
    routes.get("/", this::page);
    routes.get("/api/overview", ctx -> Responses.json(ctx, overview()));
  }

  Overview overview() {
    List<TableState> tables = new ArrayList<>();
    for (FloeTable table : FloeTable.values()) {
      tables.add(snapshots.state(table));
    }
    List<RunView> inProgress = List.of();
    String runsError = null;
    try {
      inProgress = runs.list().stream().filter(run -> !run.state().isClosed()).toList();
    } catch (FloeException e) {
      // The tables and models are still worth showing while the orchestrator is unreachable.
      runsError = e.getMessage();
    }
    return new Overview(tables, freshness.get(), models.latest().orElse(null), inProgress, runsError);
  }

  private void page(Context ctx) {
    Overview overview = overview();
    Html body = new Html();
    body.raw("<h2>Tables</h2><table>")
        .headerRow("Table", "Current snapshot", "#Rows", "#Snapshots", "Last commit (UTC)");
    body.raw("<tbody>");
    for (TableState table : overview.tables()) {
      body.raw("<tr><td>").link("/snapshots/" + table.table(), table.table()).raw("</td>");
      if (!table.exists()) {
        body.raw("<td class=\"muted\" colspan=\"4\">not created yet</td></tr>");
        continue;
      }
      body.idCell(table.snapshotId() == null ? "empty" : table.snapshotId())
          .numberCell(Formats.count(table.rows()))
          .numberCell(table.snapshots())
          .dateCell(Formats.instant(table.lastCommitAt()))
          .raw("</tr>");
    }
    body.raw("</tbody></table>");
    freshness(body, overview.freshness());

    body.raw("<h2>Latest model</h2>");
    ModelCard latest = overview.latestModel();
    if (latest == null) {
      body.raw("<p class=\"muted\">No model registered yet. <a href=\"/runs\">Start a run</a> to train one.</p>");
    } else {
      body.raw("<table>").headerRow("Version", "Trained at (UTC)", "#Threshold", "Window", "#Training rows");
      body.raw("<tbody><tr><td>").link("/models/" + latest.modelVersion(), latest.modelVersion()).raw("</td>")
          .dateCell(Formats.instant(latest.trainedAt()))
          .numberCell(Formats.decimal2(latest.decisionThreshold()))
          .cell(latest.trainingWindowStart() + " to " + latest.trainingWindowEnd())
          .numberCell(Formats.count(latest.trainingRows()))
          .raw("</tr></tbody></table>");
    }

    body.raw("<h2>Runs in progress</h2>");
    if (overview.runsError() != null) {
      body.raw("<p class=\"error\">Runs are unavailable: ").text(overview.runsError()).raw("</p>");
    } else if (overview.runsInProgress().isEmpty()) {
      body.raw("<p class=\"muted\">None. <a href=\"/runs\">Start a run</a>.</p>");
    } else {
      RunsHandler.runTable(body, overview.runsInProgress());
    }
    Page page = Page.of("Overview", Page.Section.OVERVIEW, body);
    Responses.page(ctx, overview.runsInProgress().isEmpty() ? page : page.refreshingEvery(3));
  }

  private static void freshness(Html body, FreshnessReport report) {
    body.raw("<h2>Freshness</h2>");
    if (report.newestFeatureDate() == null) {
      body.raw("<p class=\"muted\">No features yet.</p>");
      return;
    }
    if (report.featuresStale()) {
      body.raw("<p class=\"error\">Stale: the newest features (")
          .text(report.newestFeatureDate().toString())
          .raw(") are older than the TTL of ")
          .text(Formats.duration(report.ttl()))
          .raw(". Run the pipeline or schedule it (<code>floe schedule --every 1h</code>).</p>");
    }
    body.raw("<table>").headerRow("Newest dt", "#Age", "TTL", "Online store");
    body.raw("<tbody><tr>")
        .dateCell(report.newestFeatureDate().toString())
        .numberCell(age(report))
        .cell(Formats.duration(report.ttl()))
        .cell(onlineState(report))
        .raw("</tr></tbody></table>");
  }

  /** A row for day dt is known from dt + 1 day 00:00 UTC, so today's row has no age yet. */
  private static String age(FreshnessReport report) {
    Long seconds = report.newestFeatureAgeSeconds();
    if (seconds == null) {
      return "";
    }
    if (seconds < 0) {
      return "known from " + report.newestFeatureDate().plusDays(1) + " 00:00 UTC";
    }
    return Formats.duration(java.time.Duration.ofSeconds(seconds));
  }

  private static String onlineState(FreshnessReport report) {
    if (report.servedSnapshotId() == null) {
      return "not loaded";
    }
    if (report.onlineSnapshotsBehind() == null || report.onlineSnapshotsBehind() == 0) {
      return "current (snapshot " + report.servedSnapshotId() + ")";
    }
    return report.onlineSnapshotsBehind() + " snapshot(s) behind";
  }
}
