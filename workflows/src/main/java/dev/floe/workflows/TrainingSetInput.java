package dev.floe.workflows;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one JSON object that starts a {@link TrainingSetWorkflow}; keys are snake_case, unknown keys
 * are ignored:
 *
 * <ul>
 *   <li>{@code labels}: a .csv or .parquet label file on the worker's file system, with {@code
 *       user_id, label, as_of_ts} and any other columns.
 *   <li>{@code out}: the .csv or .parquet file to write on the worker's file system; replaced whole
 *       on success, never left half-written.
 *   <li>exactly one of {@code model} (a model version: the snapshot it was trained on), {@code
 *       snapshot} (a user_features snapshot id) or {@code known_at} (an instant: the snapshot that
 *       was current then).
 *   <li>{@code ttl} (optional): a duration such as {@code 7d} or {@code PT12H}; older matches count
 *       as unknown.
 *   <li>{@code features} (optional): the features to add, {@code a,b,c}, each applied and a column of
 *       the chosen snapshot; default spending_mean_7d alone.
 * </ul>
 *
 * <p>Every field is text (a snapshot id may be given as a JSON number too), so decoding never
 * fails inside the workflow task; the plan activity parses them and names what is wrong.
 */
public record TrainingSetInput(
    String labels, String out, String model, String snapshot, String knownAt, String ttl, String features) {
  public TrainingSetInput(String labels, String out, String model, String snapshot, String knownAt, String ttl) {
    this(labels, out, model, snapshot, knownAt, ttl, null);
  }

  public TrainingSetInput {
    labels = blankToNull(labels);
    out = blankToNull(out);
    model = blankToNull(model);
    snapshot = blankToNull(snapshot);
    knownAt = blankToNull(knownAt);
    ttl = blankToNull(ttl);
    features = blankToNull(features);
  }

  /** What is wrong with the input before anything is read, by field; empty when it can be planned. */
  public Map<String, String> problems() {
    Map<String, String> problems = new LinkedHashMap<>();
    if (labels == null) {
      problems.put("labels", "labels is missing: the path of a .csv or .parquet label file on the worker");
    }
    if (out == null) {
      problems.put("out", "out is missing: the path of the .csv or .parquet file to write on the worker");
    }
    int choices = (model != null ? 1 : 0) + (snapshot != null ? 1 : 0) + (knownAt != null ? 1 : 0);
    if (choices != 1) {
      problems.put(
          "snapshot",
          (choices == 0 ? "Give one" : "Give only one") + " of model, snapshot or known_at to choose the feature snapshot");
    }
    return problems;
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.trim();
  }
}
