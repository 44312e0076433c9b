package dev.floe.models;

import static java.util.Objects.requireNonNull;

import dev.floe.engine.SnapshotFiles;
import dev.floe.engine.SqlFile;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;

/**
 * A model's training rows: the user_features rows of one snapshot inside the training window. The
 * single definition both calibration and the training-data export read, so the rows a threshold was
 * computed on are the rows a person gets back.
 */
record TrainingRows(SnapshotFiles files, TrainingWindow window) {
  TrainingRows {
    requireNonNull(files, "files is null");
    requireNonNull(window, "window is null");
  }

  static TrainingRows of(Table userFeatures, long featureSnapshotId, TrainingWindow window) {
    return new TrainingRows(
        SnapshotFiles.of(userFeatures, featureSnapshotId, window.dtFilter()), window);
  }

  /** A parenthesised relation for a FROM clause; binds {@link #parameters()} in this order. */
  String relation() {
    return "("
        + SqlFile.load("training_rows").render(Map.of("user_features", files.relation()))
        + ")";
  }

  List<Object> parameters() {
    return List.of(window.start(), window.end());
  }
}
