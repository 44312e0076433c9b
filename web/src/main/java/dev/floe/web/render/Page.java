package dev.floe.web.render;

import static java.util.Objects.requireNonNull;

/**
 * A whole dashboard page: the shared header and navigation, a title and a body built with {@link
 * Html}. Styles are inline so the page needs nothing from the network.
 *
 * @param refreshSeconds reload the page this often (a run still in progress), or 0 for never
 */
public record Page(String title, Section section, String body, int refreshSeconds) {
  public enum Section {
    OVERVIEW("Overview", "/"),
    RUNS("Runs", "/runs"),
    MODELS("Models", "/models"),
    DEBUG("Debug", "/debug"),
    FEATURES("Features", "/features"),
    SNAPSHOTS("Snapshots", "/snapshots");

    private final String label;
    private final String path;

    Section(String label, String path) {
      this.label = label;
      this.path = path;
    }
  }

  private static final String STYLE =
      """
      :root { color-scheme: light; --ink: #1f2933; --muted: #616e7c; --line: #d9e2ec; --accent: #2f5d8a;
              --bad: #b42318; --good: #1e7b4a; --band: #fde8e6; --paper: #ffffff; --shade: #f5f7fa; }
      * { box-sizing: border-box; }
      body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
             color: var(--ink); background: var(--shade); }
      header { background: var(--paper); border-bottom: 1px solid var(--line); }
      header nav { max-width: 1180px; margin: 0 auto; padding: 0 24px; display: flex; gap: 4px; align-items: center; }
      header .brand { font-weight: 600; margin-right: 20px; color: var(--ink); text-decoration: none; padding: 14px 0; }
      header nav a.section { padding: 14px 12px; color: var(--muted); text-decoration: none; border-bottom: 2px solid transparent; }
      header nav a.section.active { color: var(--accent); border-bottom-color: var(--accent); }
      main { max-width: 1180px; margin: 0 auto; padding: 20px 24px 48px; }
      h1 { font-size: 22px; font-weight: 600; margin: 4px 0 16px; }
      h2 { font-size: 17px; font-weight: 600; margin: 28px 0 10px; }
      a { color: var(--accent); }
      .card { background: var(--paper); border: 1px solid var(--line); border-radius: 6px; padding: 16px 20px; margin-bottom: 16px; }
      table { border-collapse: collapse; width: 100%; background: var(--paper); font-variant-numeric: tabular-nums; }
      th, td { text-align: left; padding: 7px 12px; border-bottom: 1px solid var(--line); vertical-align: top; }
      th { font-weight: 600; color: var(--muted); font-size: 13px; background: var(--shade); }
      td.num, th.num { text-align: right; white-space: nowrap; }
      td.date, td.nowrap { white-space: nowrap; }
      td.id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; word-break: break-all; }
      dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 6px 24px; margin: 0; }
      dl.facts dt { color: var(--muted); }
      dl.facts dd { margin: 0; font-variant-numeric: tabular-nums; word-break: break-all; }
      .muted { color: var(--muted); }
      .status { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 13px; background: var(--shade); border: 1px solid var(--line); }
      .status.COMPLETED { color: var(--good); border-color: #b7dfc8; background: #eef8f2; }
      .status.RUNNING { color: var(--accent); border-color: #bcd0e4; background: #eef4fa; }
      .status.FAILED, .status.TERMINATED, .status.TIMED_OUT, .status.CANCELED { color: var(--bad); border-color: #f3c3bd; background: #fdf0ee; }
      .verdict { font-size: 20px; font-weight: 600; }
      .verdict.anomaly { color: var(--bad); }
      .verdict.normal { color: var(--good); }
      .error { color: var(--bad); }
      form.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 12px 20px; align-items: start; }
      form.grid .actions { grid-column: 1 / -1; }
      form.grid .wide { grid-column: span 2; }
      label { display: block; font-size: 13px; color: var(--muted); margin-bottom: 3px; }
      input, select { width: 100%; padding: 6px 8px; font: inherit; border: 1px solid var(--line); border-radius: 4px; background: var(--paper); }
      input.invalid, select.invalid { border-color: var(--bad); }
      .field-error { color: var(--bad); font-size: 13px; margin-top: 2px; }
      button { font: inherit; padding: 7px 18px; border: 1px solid var(--accent); border-radius: 4px; background: var(--accent); color: #fff; cursor: pointer; }
      .progress { width: 160px; height: 8px; background: var(--line); border-radius: 4px; overflow: hidden; display: inline-block; vertical-align: middle; }
      .progress span { display: block; height: 100%; background: var(--accent); }
      svg text { font: 12px system-ui, sans-serif; fill: var(--muted); }
      .chart { background: var(--paper); border: 1px solid var(--line); border-radius: 6px; padding: 8px; }
      """;

  public Page {
    requireNonNull(title, "title is null");
    requireNonNull(section, "section is null");
    requireNonNull(body, "body is null");
  }

  public static Page of(String title, Section section, Html body) {
    return new Page(title, section, body.toString(), 0);
  }

  public Page refreshingEvery(int seconds) {
    return new Page(title, section, body, seconds);
  }

  public String render() {
    Html html = new Html();
    html.raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
    html.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    if (refreshSeconds > 0) {
      html.raw("<meta http-equiv=\"refresh\"").attribute("content", refreshSeconds).raw(">");
    }
    html.raw("<title>").text(title).raw(" · Floe</title><style>").raw(STYLE).raw("</style></head><body>");
    html.raw("<header><nav><a class=\"brand\" href=\"/\">Floe</a>");
    for (Section each : Section.values()) {
      html.raw("<a").attribute("class", each == section ? "section active" : "section").attribute("href", each.path);
      html.raw(">").text(each.label).raw("</a>");
    }
    html.raw("</nav></header><main><h1>").text(title).raw("</h1>").raw(body).raw("</main></body></html>");
    return html.toString();
  }
}
