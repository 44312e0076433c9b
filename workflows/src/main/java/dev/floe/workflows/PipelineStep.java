package dev.floe.workflows;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The steps of a pipeline run. {@link #stepName()} is what progress, results and Iceberg commit
 * lineage ({@code floe.step}) call them.
 */
public enum PipelineStep {
  GENERATE,
  INGEST,
  FEATURIZE,
  CALIBRATE,
  REGISTER,
  MATERIALIZE;

  @JsonValue
  public String stepName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
