package dev.floe.workflows;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one JSON object that starts a {@link FeaturePipeline}; every field is optional. Keys are
 * snake_case; unknown keys are ignored. Missing fields take the defaults below, except those whose
 * default depends on the data or the run (end_date, window_start, window_end), which stay null here
 * and are resolved by the workflow or the step.
 *
 * <ul>
 *   <li>{@code source}: {@code generate} (synthetic events), {@code ingest} (append {@code
 *       ingest_file}) or {@code existing} (featurize what raw_events holds). Default: {@code ingest}
 *       when {@code ingest_file} is set, else {@code generate}.
 *   <li>{@code users}, {@code events}, {@code days}, {@code seed}, {@code batches}: generation size
 *       and seed (defaults 1000, 100000, 30, 42, 1).
 *   <li>{@code end_date}: last day of the generated window (default: the run's UTC start date).
 *   <li>{@code anomaly_files}: anomaly spec files on the worker's file system (JSON array or lines).
 *   <li>{@code anomalies}: anomaly specs inline, a JSON array of {@code {user_id, day, multiplier,
 *       proportion, n}} objects.
 *   <li>{@code ingest_file}: a CSV or Parquet file on the worker's file system.
 *   <li>{@code quantile} (default 0.995), {@code window_start}, {@code window_end} (default: the last
 *       30 feature dates), {@code feature_name} (default spending_mean_7d): calibration.
 *   <li>{@code features}: a JSON array of applied features; the run then calibrates and registers a
 *       model on all of them, as {@code floe train --features} does (absent or empty: one model on
 *       {@code feature_name}, as always; giving both is refused).
 *   <li>{@code online_store}: a Redis URI ({@code redis://host:port}) the materialize step writes the
 *       new feature snapshot's latest rows to after register; absent: no materialize step. The
 *       embedded store lives in a serving process and picks up commits itself, so it is not a value here.
 * </ul>
 *
 * <p>The constructor never throws: a Temporal worker decodes this record inside the workflow task,
 * where an exception would stall the run instead of failing it. {@link #problems()} reports what is
 * wrong, field by field, and the workflow fails with that message.
 */
public record PipelineInput(
    String source,
    Integer users,
    Long events,
    Integer days,
    LocalDate endDate,
    Long seed,
    Integer batches,
    List<String> anomalyFiles,
    JsonNode anomalies,
    String ingestFile,
    Double quantile,
    LocalDate windowStart,
    LocalDate windowEnd,
    String featureName,
    String onlineStore,
    // Left out when empty, so an input without it serializes exactly as before.
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> features) {
  public static final String SOURCE_GENERATE = "generate";
  public static final String SOURCE_INGEST = "ingest";
  public static final String SOURCE_EXISTING = "existing";
  public static final int DEFAULT_USERS = 1_000;
  public static final long DEFAULT_EVENTS = 100_000;
  public static final int DEFAULT_DAYS = 30;
  public static final long DEFAULT_SEED = 42;
  public static final int DEFAULT_BATCHES = 1;

  public PipelineInput {
    ingestFile = blankToNull(ingestFile);
    source = blankToNull(source);
    source = source == null ? (ingestFile == null ? SOURCE_GENERATE : SOURCE_INGEST) : source.toLowerCase(Locale.ROOT);
    users = users == null ? DEFAULT_USERS : users;
    events = events == null ? DEFAULT_EVENTS : events;
    days = days == null ? DEFAULT_DAYS : days;
    seed = seed == null ? DEFAULT_SEED : seed;
    batches = batches == null ? DEFAULT_BATCHES : batches;
    anomalyFiles = anomalyFiles == null ? List.of() : anomalyFiles.stream().filter(file -> file != null).toList();
    anomalies = anomalies == null || anomalies.isNull() || anomalies.isMissingNode() ? null : anomalies;
    quantile = quantile == null ? CalibrateRequest.DEFAULT_QUANTILE : quantile;
    featureName = blankToNull(featureName) == null ? CalibrateRequest.DEFAULT_FEATURE : featureName;
    onlineStore = blankToNull(onlineStore);
    features = features == null ? List.of() : features.stream().map(PipelineInput::blankToNull).toList();
  }

  /** An input for a model on one feature. */
  public PipelineInput(String source, Integer users, Long events, Integer days, LocalDate endDate, Long seed,
      Integer batches, List<String> anomalyFiles, JsonNode anomalies, String ingestFile, Double quantile,
      LocalDate windowStart, LocalDate windowEnd, String featureName, String onlineStore) {
    this(source, users, events, days, endDate, seed, batches, anomalyFiles, anomalies, ingestFile, quantile,
        windowStart, windowEnd, featureName, onlineStore, List.of());
  }

  /** An input without an online store (no materialize step). */
  public PipelineInput(String source, Integer users, Long events, Integer days, LocalDate endDate, Long seed,
      Integer batches, List<String> anomalyFiles, JsonNode anomalies, String ingestFile, Double quantile,
      LocalDate windowStart, LocalDate windowEnd, String featureName) {
    this(source, users, events, days, endDate, seed, batches, anomalyFiles, anomalies, ingestFile, quantile,
        windowStart, windowEnd, featureName, null);
  }

  /** All defaults: generate a default-sized data set, featurize, calibrate, register. */
  public static PipelineInput defaults() {
    return new PipelineInput(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  /**
   * What is wrong with this input, by JSON field name; empty when it can run. Only the shape is
   * checked here; each step validates its own values (sizes, spec contents, files) when it runs.
   */
  public Map<String, String> problems() {
    Map<String, String> problems = new LinkedHashMap<>();
    if (!List.of(SOURCE_GENERATE, SOURCE_INGEST, SOURCE_EXISTING).contains(source)) {
      problems.put("source", "source must be generate, ingest or existing, not '" + source + "'");
    }
    if (source.equals(SOURCE_INGEST) && ingestFile == null) {
      problems.put("ingest_file", "source 'ingest' needs ingest_file");
    }
    if (!source.equals(SOURCE_INGEST) && ingestFile != null) {
      problems.put("ingest_file", "ingest_file is only read when source is 'ingest', not '" + source + "'");
    }
    if (!source.equals(SOURCE_GENERATE) && (!anomalyFiles.isEmpty() || anomalies != null)) {
      problems.put("anomalies", "anomaly_files and anomalies apply only when source is 'generate', not '" + source + "'");
    }
    if (anomalies != null && !anomalies.isArray() && !anomalies.isObject()) {
      problems.put("anomalies", "anomalies must be a JSON array of anomaly specs");
    }
    if (!(quantile > 0 && quantile <= 1)) {
      problems.put("quantile", "quantile must be in (0, 1], not " + quantile);
    }
    if (windowStart != null && windowEnd != null && windowStart.isAfter(windowEnd)) {
      problems.put("window_start", "window_start " + windowStart + " is after window_end " + windowEnd);
    }
    if (features.stream().anyMatch(feature -> feature == null)) {
      problems.put("features", "features must be a JSON array of feature names, without blank ones");
    } else if (!features.isEmpty() && !featureName.equals(CalibrateRequest.DEFAULT_FEATURE)) {
      problems.put("features", "give either features or feature_name, not both");
    }
    if (onlineStore != null && !isRedisUri(onlineStore)) {
      problems.put("online_store", "online_store must be a Redis URI such as redis://127.0.0.1:6379, not '" + onlineStore + "'");
    }
    return problems;
  }

  /** The steps this input runs, in order. */
  public List<PipelineStep> steps() {
    List<PipelineStep> steps = new ArrayList<>();
    if (source.equals(SOURCE_GENERATE)) {
      steps.add(PipelineStep.GENERATE);
    } else if (source.equals(SOURCE_INGEST)) {
      steps.add(PipelineStep.INGEST);
    }
    steps.addAll(List.of(PipelineStep.FEATURIZE, PipelineStep.CALIBRATE, PipelineStep.REGISTER));
    if (onlineStore != null) {
      steps.add(PipelineStep.MATERIALIZE);
    }
    return List.copyOf(steps);
  }

  /** The generation request, anomalies left to the generate step (it reads the files). */
  public GenerateRequest generateRequest(LocalDate defaultEndDate) {
    return new GenerateRequest(users, events, days, endDate == null ? defaultEndDate : endDate, seed, batches, List.of());
  }

  public CalibrateRequest calibrateRequest(long featureSnapshotId) {
    return new CalibrateRequest(featureSnapshotId, quantile, windowStart, windowEnd, featureName, features);
  }

  /** redis:// or rediss:// with a host; checked without java.net.URI's exceptions (see the class comment). */
  private static boolean isRedisUri(String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    String rest = lower.startsWith("redis://") ? lower.substring(8) : lower.startsWith("rediss://") ? lower.substring(9) : null;
    if (rest == null || rest.isEmpty() || rest.startsWith(":") || rest.startsWith("/")) {
      return false;
    }
    return rest.chars().noneMatch(Character::isWhitespace);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
