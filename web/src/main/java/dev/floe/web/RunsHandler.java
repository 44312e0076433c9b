package dev.floe.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.error.StorageException;
import dev.floe.web.render.Formats;
import dev.floe.web.render.Html;
import dev.floe.web.render.Page;
import dev.floe.web.runs.PipelineRuns;
import dev.floe.web.runs.RunForm;
import dev.floe.web.runs.RunSource;
import dev.floe.web.runs.RunView;
import dev.floe.workflows.FloeJson;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Pipeline runs: the list, one run (refreshing while it runs), and the form that starts one. */
final class RunsHandler {
  private static final String STEPS_SEPARATOR = " → ";

  private final PipelineRuns runs;
  private final ActionGuard guard;
  private final WebConfig config;

  RunsHandler(PipelineRuns runs, ActionGuard guard, WebConfig config) {
    this.runs = runs;
    this.guard = guard;
    this.config = config;
  }

  void register(RoutesConfig routes) {
    routes.get("/runs", ctx -> listPage(ctx, RunForm.read(field -> null), Map.of()));
    routes.post("/runs", this::startFromForm);
    routes.get("/runs/{workflowId}", this::runPage);
    routes.get("/api/runs", ctx -> Responses.json(ctx, runs.list()));
    routes.post("/api/runs", this::startFromApi);
    routes.get("/api/runs/{workflowId}", ctx -> Responses.json(ctx, runs.status(ctx.pathParam("workflowId"))));
  }

  private void startFromForm(Context ctx) {
    guard.checkFormPost(ctx);
    RunForm form = RunForm.read(ctx::formParam);
    RunForm.Validation validation = form.validate(anomalyFiles());
    if (!validation.isValid()) {
      ctx.status(HttpStatus.BAD_REQUEST);
      listPage(ctx, form, validation.errors());
      return;
    }
    RunView started = runs.start(validation.request());
    ctx.redirect("/runs/" + encode(started.workflowId()), HttpStatus.SEE_OTHER);
  }

  private void startFromApi(Context ctx) {
    guard.checkApiPost(ctx);
    JsonNode body;
    try {
      body = FloeJson.mapper().readTree(ctx.bodyAsBytes());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InvalidParameterException("body", "expected a JSON object: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidParameterException("body", "cannot be read: " + e.getMessage());
    }
    if (body == null || !body.isObject()) {
      throw new InvalidParameterException("body", "expected a JSON object with the run's fields");
    }
    RunForm form = RunForm.read(field -> {
      JsonNode value = body.get(field);
      return value == null || value.isNull() ? null : value.asText();
    });
    RunForm.Validation validation = form.validate(anomalyFiles());
    if (!validation.isValid()) {
      Map.Entry<String, String> first = validation.errors().entrySet().iterator().next();
      ctx.status(HttpStatus.BAD_REQUEST);
      Responses.json(ctx, new ErrorBody(first.getKey() + ": " + first.getValue(), first.getKey(), validation.errors()));
      return;
    }
    ctx.status(HttpStatus.CREATED);
    Responses.json(ctx, runs.start(validation.request()));
  }

  /** The anomaly files the form offers: the JSON files of the configured folder, by name. */
  Map<String, Path> anomalyFiles() {
    Map<String, Path> files = new TreeMap<>();
    Path directory = config.anomalyFilesDir();
    if (!Files.isDirectory(directory)) {
      return files;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*.json")) {
      for (Path entry : entries) {
        files.put(entry.getFileName().toString(), entry.toAbsolutePath());
      }
    } catch (IOException e) {
      throw new StorageException("Cannot list anomaly files in " + directory + ": " + e.getMessage(), e);
    }
    return files;
  }

  private void listPage(Context ctx, RunForm form, Map<String, String> errors) {
    List<RunView> all = runs.list();
    Html body = new Html();
    body.raw("<h2>Start a run</h2><div class=\"card\">");
    if (!errors.isEmpty()) {
      body.raw("<p class=\"error\">The run was not started: fix the fields marked below.</p>");
    }
    runForm(body, form, errors, guard.csrfToken(ctx));
    body.raw("</div><h2>All runs</h2>");
    if (all.isEmpty()) {
      body.raw("<p class=\"muted\">No runs yet.</p>");
    } else {
      runTable(body, all);
    }
    boolean anyRunning = all.stream().anyMatch(run -> !run.state().isClosed());
    Page page = Page.of("Runs", Page.Section.RUNS, body);
    // A page with a half-filled form must not reload under the user's hands.
    Responses.page(ctx, anyRunning && errors.isEmpty() ? page.refreshingEvery(3) : page);
  }

  private void runForm(Html body, RunForm form, Map<String, String> errors, String csrf) {
    body.raw("<form class=\"grid\" method=\"post\" action=\"/runs\">");
    body.raw("<input type=\"hidden\"").attribute("name", ActionGuard.CSRF_FIELD).attribute("value", csrf).raw(">");
    String source = form.value(RunForm.SOURCE) == null ? RunSource.GENERATE.formValue() : form.value(RunForm.SOURCE);
    select(body, RunForm.SOURCE, "Source", source,
        Map.of("generate", "Generate synthetic data", "ingest", "Ingest a file", "existing", "Existing raw data"),
        List.of("generate", "ingest", "existing"), errors);
    input(body, RunForm.USERS, "Users", "number", form, "1000", errors);
    input(body, RunForm.EVENTS, "Events", "number", form, "100000", errors);
    input(body, RunForm.DAYS, "Days", "number", form, "30", errors);
    input(body, RunForm.END_DATE, "End date", "date", form, "", errors);
    input(body, RunForm.SEED, "Seed", "number", form, "42", errors);
    input(body, RunForm.BATCHES, "Batches", "number", form, "1", errors);
    Map<String, String> anomalyLabels = new TreeMap<>();
    anomalyLabels.put("", "none");
    anomalyFiles().keySet().forEach(name -> anomalyLabels.put(name, name));
    select(body, RunForm.ANOMALY_FILE, "Anomaly file", form.value(RunForm.ANOMALY_FILE) == null ? "" : form.value(RunForm.ANOMALY_FILE),
        anomalyLabels, List.copyOf(anomalyLabels.keySet()), errors);
    input(body, RunForm.INGEST_FILE, "File to ingest (ingest only)", "text", form, "/path/to/transactions.csv", errors);
    input(body, RunForm.QUANTILE, "Quantile", "text", form, "0.995", errors);
    input(body, RunForm.WINDOW_START, "Training window start", "date", form, "", errors);
    input(body, RunForm.WINDOW_END, "Training window end", "date", form, "", errors);
    input(body, RunForm.FEATURE_NAME, "Feature", "text", form, "spending_mean_7d", errors);
    if (guard.requiresToken()) {
      body.raw("<div><label for=\"token\">Access token (FLOE_WEB_TOKEN)</label>")
          .raw("<input id=\"token\" type=\"password\" autocomplete=\"off\"").attribute("name", ActionGuard.TOKEN_FIELD)
          .raw("></div>");
    }
    body.raw("<div class=\"actions\"><button type=\"submit\" id=\"start-run\">Start run</button> ")
        .raw("<span class=\"muted\">Empty fields take the pipeline's defaults.</span></div></form>");
  }

  private static void input(
      Html body, String name, String label, String type, RunForm form, String placeholder, Map<String, String> errors) {
    String error = errors.get(name);
    body.raw("<div><label").attribute("for", name).raw(">").text(label).raw("</label><input")
        .attribute("id", name)
        .attribute("name", name)
        .attribute("type", type.equals("number") ? "text" : type)
        .attribute("inputmode", type.equals("number") ? "numeric" : "text")
        .attribute("value", form.value(name) == null ? "" : form.value(name))
        .attribute("placeholder", placeholder);
    if (error != null) {
      body.attribute("class", "invalid").attribute("aria-invalid", "true");
    }
    body.raw(">");
    fieldError(body, name, error);
    body.raw("</div>");
  }

  private static void select(
      Html body, String name, String label, String selected, Map<String, String> labels, List<String> order,
      Map<String, String> errors) {
    String error = errors.get(name);
    body.raw("<div><label").attribute("for", name).raw(">").text(label).raw("</label><select")
        .attribute("id", name)
        .attribute("name", name);
    if (error != null) {
      body.attribute("class", "invalid");
    }
    body.raw(">");
    for (String value : order) {
      body.raw("<option").attribute("value", value);
      if (value.equals(selected)) {
        body.raw(" selected");
      }
      body.raw(">").text(labels.get(value)).raw("</option>");
    }
    body.raw("</select>");
    fieldError(body, name, error);
    body.raw("</div>");
  }

  private static void fieldError(Html body, String name, String error) {
    if (error != null) {
      body.raw("<div class=\"field-error\"").attribute("id", name + "-error").raw(">").text(error).raw("</div>");
    }
  }

  /** The runs as a table; shared with the overview. */
  static void runTable(Html body, List<RunView> runs) {
    Instant now = Instant.now();
    body.raw("<table>").headerRow("Workflow id", "Status", "Step", "Progress", "Started (UTC)", "#Duration", "Model");
    body.raw("<tbody>");
    for (RunView run : runs) {
      body.raw("<tr><td class=\"id\">").link("/runs/" + encode(run.workflowId()), run.workflowId()).raw("</td>");
      body.raw("<td><span").attribute("class", "status " + run.state().name()).raw(">").text(run.state().name())
          .raw("</span></td>");
      body.cell(run.currentStep() == null ? "" : run.currentStep());
      progressCell(body, run);
      body.dateCell(Formats.instant(run.startedAt()));
      body.numberCell(Formats.duration(run.duration(now)));
      if (run.modelVersion() == null) {
        body.cell("");
      } else {
        body.raw("<td>").link("/models/" + encode(run.modelVersion()), run.modelVersion()).raw("</td>");
      }
      body.raw("</tr>");
    }
    body.raw("</tbody></table>");
  }

  private static void progressCell(Html body, RunView run) {
    long percent = Math.round(run.progress() * 100);
    body.raw("<td class=\"nowrap\"><span class=\"progress\"><span").attribute("style", "width:" + percent + "%").raw("></span></span> ")
        .text(run.completedSteps().size() + "/" + Math.max(run.plannedSteps().size(), run.completedSteps().size()))
        .raw("</td>");
  }

  private void runPage(Context ctx) {
    RunView run = runs.status(ctx.pathParam("workflowId"));
    Html body = new Html();
    body.raw("<div class=\"card\"><dl class=\"facts\">");
    fact(body, "Workflow id", run.workflowId());
    fact(body, "Run id", run.runId());
    body.raw("<dt>Status</dt><dd><span id=\"run-status\"").attribute("class", "status " + run.state().name()).raw(">")
        .text(run.state().name()).raw("</span></dd>");
    if (!run.state().isClosed()) {
      fact(body, "Current step", run.currentStep());
    }
    fact(body, "Steps done", String.join(STEPS_SEPARATOR, run.completedSteps()));
    fact(body, "Steps planned", String.join(STEPS_SEPARATOR, run.plannedSteps()));
    body.raw("<dt>Progress</dt>");
    body.raw("<dd>");
    long percent = Math.round(run.progress() * 100);
    body.raw("<span class=\"progress\"><span").attribute("style", "width:" + percent + "%").raw("></span></span> ")
        .text(percent + " %").raw("</dd>");
    fact(body, "Started (UTC)", Formats.instant(run.startedAt()));
    fact(body, "Closed (UTC)", Formats.instant(run.closedAt()));
    fact(body, "Duration", Formats.duration(run.duration(Instant.now())));
    body.raw("<dt>Model</dt><dd>");
    if (run.modelVersion() != null) {
      body.raw("<span id=\"run-model\">").link("/models/" + encode(run.modelVersion()), run.modelVersion()).raw("</span>");
    }
    body.raw("</dd>");
    if (run.error() != null) {
      body.raw("<dt>Error</dt><dd class=\"error\" id=\"run-error\">").text(run.error()).raw("</dd>");
    }
    body.raw("</dl></div><p>").link("/api/runs/" + encode(run.workflowId()), "This run as JSON");
    String temporalLink = temporalUiLink(run);
    if (temporalLink != null) {
      body.raw(" · ").link(temporalLink, "Open in the Temporal UI");
    }
    body.raw("</p>");
    Page page = Page.of("Run " + run.workflowId(), Page.Section.RUNS, body);
    Responses.page(ctx, run.state().isClosed() ? page : page.refreshingEvery(2));
  }

  /** The run's page in the Temporal Web UI; null where there is no UI (the embedded server). */
  String temporalUiLink(RunView run) {
    if (config.temporalUiUrl() == null || run.runId() == null) {
      return null;
    }
    return config.temporalUiUrl() + "/namespaces/" + encode(config.temporalNamespace()) + "/workflows/"
        + encode(run.workflowId()) + "/" + encode(run.runId()) + "/history";
  }

  private static void fact(Html body, String label, Object value) {
    body.raw("<dt>").text(label).raw("</dt><dd>").text(value == null ? "" : value).raw("</dd>");
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
