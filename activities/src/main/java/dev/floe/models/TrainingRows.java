package dev.floe.models;

import static java.util.Objects.requireNonNull;

import dev.floe.engine.SnapshotFiles;
import dev.floe.engine.SqlFile;
import dev.floe.workflows.CalibrateRequest;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;

/**
 * A model's training rows: one feature column of the user_features rows of one snapshot inside the
 * training window (a single-feature model's is {@link CalibrateRequest#DEFAULT_FEATURE}). The
 * single definition both calibration and the training-data export read, so the rows a threshold was
 * computed on are the rows a person gets back, and the rows drift compares today's values with.
 */
public record TrainingRows(SnapshotFiles files, TrainingWindow window, String feature) {
  public TrainingRows {
    requireNonNull(files, "files is null");
    requireNonNull(window, "window is null");
    requireNonNull(feature, "feature is null");
  }

  /** A single-feature model's rows. */
  TrainingRows(SnapshotFiles files, TrainingWindow window) {
    this(files, window, CalibrateRequest.DEFAULT_FEATURE);
  }

  static TrainingRows of(Table userFeatures, long featureSnapshotId, TrainingWindow window) {
    return of(userFeatures, featureSnapshotId, window, CalibrateRequest.DEFAULT_FEATURE);
  }

  /** The rows of {@code feature}, a column the caller checked the snapshot's schema has. */
  public static TrainingRows of(
      Table userFeatures, long featureSnapshotId, TrainingWindow window, String feature) {
    return new TrainingRows(
        SnapshotFiles.of(userFeatures, featureSnapshotId, window.dtFilter()), window, feature);
  }

  /** A parenthesised relation for a FROM clause; binds {@link #parameters()} in this order. */
  public String relation() {
    return relation(files.relation());
  }

  /**
   * As {@link #relation()}, matching the files' columns by name: for a snapshot whose older files
   * were written before {@code feature} was added to the table (Iceberg schema evolution).
   */
  public String relationByColumnName() {
    return relation(files.relationByColumnName());
  }

  private String relation(String userFeatures) {
    return "("
        + SqlFile.load("training_rows")
            .render(Map.of("user_features", userFeatures, "feature", feature))
        + ")";
  }

  public List<Object> parameters() {
    return List.of(window.start(), window.end());
  }
}
