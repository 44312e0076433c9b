package dev.floe.web;

import dev.floe.catalog.FloeTable;
import dev.floe.web.TableSnapshots.SnapshotRows;
import dev.floe.web.TableSnapshots.SnapshotView;
import dev.floe.web.TableSnapshots.TableState;
import dev.floe.web.render.Formats;
import dev.floe.web.render.Html;
import dev.floe.web.render.Page;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Each table's snapshot history with Floe's summary properties and tags, and time travel. */
final class SnapshotsHandler {
  static final String SNAPSHOT_ID = "snapshot_id";

  private final TableSnapshots snapshots;

  SnapshotsHandler(TableSnapshots snapshots) {
    this.snapshots = snapshots;
  }

  void register(RoutesConfig routes) {
    routes.get("/snapshots", this::tablesPage);
    routes.get("/api/snapshots", ctx -> Responses.json(ctx, states()));
    routes.get("/snapshots/{table}", this::historyPage);
    routes.get("/api/snapshots/{table}", ctx -> Responses.json(ctx, snapshots.history(table(ctx))));
    routes.get("/api/snapshots/{table}/{snapshotId}", ctx -> Responses.json(ctx,
        snapshots.rowsAt(table(ctx), new RequestParameters(ctx::pathParam).requiredLong("snapshotId"))));
  }

  private List<TableState> states() {
    return Arrays.stream(FloeTable.values()).map(snapshots::state).toList();
  }

  private static FloeTable table(Context ctx) {
    String name = ctx.pathParam("table");
    try {
      return FloeTable.fromName(name);
    } catch (dev.floe.error.InvalidInputException e) {
      throw new dev.floe.error.NotFoundException(e.getMessage());
    }
  }

  private void tablesPage(Context ctx) {
    Html body = new Html();
    body.raw("<table>").headerRow("Table", "Current snapshot", "#Rows", "#Snapshots", "Last commit (UTC)").raw("<tbody>");
    for (TableState state : states()) {
      body.raw("<tr><td>").link("/snapshots/" + state.table(), state.table()).raw("</td>");
      if (!state.exists()) {
        body.raw("<td class=\"muted\" colspan=\"4\">not created yet</td></tr>");
        continue;
      }
      body.idCell(state.snapshotId() == null ? "empty" : state.snapshotId())
          .numberCell(Formats.count(state.rows()))
          .numberCell(state.snapshots())
          .dateCell(Formats.instant(state.lastCommitAt()))
          .raw("</tr>");
    }
    body.raw("</tbody></table>");
    Responses.page(ctx, Page.of("Snapshots", Page.Section.SNAPSHOTS, body));
  }

  private void historyPage(Context ctx) {
    FloeTable table = table(ctx);
    Long chosen = new RequestParameters(ctx::queryParam).optionalLong(SNAPSHOT_ID);
    List<SnapshotView> history = snapshots.history(table);
    Html body = new Html();
    body.raw("<div class=\"card\"><form method=\"get\" class=\"grid\"")
        .attribute("action", "/snapshots/" + table.tableName())
        .raw("><div><label for=\"snapshot_id\">Rows at snapshot</label><input type=\"text\" inputmode=\"numeric\"")
        .attribute("id", SNAPSHOT_ID)
        .attribute("name", SNAPSHOT_ID)
        .attribute("value", chosen == null ? "" : chosen)
        .raw(" placeholder=\"snapshot id\"></div><div class=\"actions\"><button type=\"submit\">Count rows</button></div></form>");
    if (chosen != null) {
      SnapshotRows rows = snapshots.rowsAt(table, chosen);
      body.raw("<p id=\"rows-at-snapshot\">At snapshot <code>").text(rows.snapshotId()).raw("</code>, committed ")
          .text(Formats.instant(rows.committedAt())).raw(", ").text(table.tableName()).raw(" held <strong>")
          .text(Formats.count(rows.rows())).raw("</strong> rows in ").text(Formats.count(rows.dataFiles()))
          .raw(" data files.</p>");
    }
    body.raw("</div>");
    if (history.isEmpty()) {
      body.raw("<p class=\"muted\">No snapshots yet.</p>");
    } else {
      body.raw("<table id=\"snapshots\">")
          .headerRow("Snapshot id", "Committed (UTC)", "Operation", "#Rows", "#Added", "Floe properties", "Tags")
          .raw("<tbody>");
      for (SnapshotView snapshot : history) {
        body.raw("<tr>").raw("<td class=\"id\">")
            .link("/snapshots/" + table.tableName() + "?" + SNAPSHOT_ID + "=" + snapshot.snapshotId(), snapshot.snapshotId());
        if (snapshot.current()) {
          body.raw(" <span class=\"status\">current</span>");
        }
        body.raw("</td>")
            .dateCell(Formats.instant(snapshot.committedAt()))
            .cell(snapshot.operation())
            .numberCell(Formats.count(snapshot.totalRows()))
            .numberCell(Formats.count(snapshot.addedRows()));
        body.raw("<td class=\"id\">");
        // Sorted, so every row lists the same properties in the same place.
        for (Map.Entry<String, String> property : new java.util.TreeMap<>(snapshot.floeProperties()).entrySet()) {
          body.text(property.getKey().substring("floe.".length())).raw(": ").text(property.getValue()).raw("<br>");
        }
        body.raw("</td>").raw("<td class=\"nowrap\">").text(String.join(", ", snapshot.tags())).raw("</td></tr>");
      }
      body.raw("</tbody></table>");
    }
    body.raw("<p>").link("/api/snapshots/" + table.tableName(), "This history as JSON").raw("</p>");
    Responses.page(ctx, Page.of("Snapshots of " + table.tableName(), Page.Section.SNAPSHOTS, body));
  }
}
