package dev.floe.catalog;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.Snapshot;

/**
 * Who made a commit: the workflow run and step. Written into every snapshot summary, so a retried
 * step can find its own earlier commit, and lineage can be read back from the table alone.
 */
public record CommitLineage(String workflowId, String runId, String step) {
  public static final String WORKFLOW_ID = "floe.workflow-id";
  public static final String RUN_ID = "floe.run-id";
  public static final String STEP = "floe.step";
  public static final String RAW_SNAPSHOT_ID = "floe.raw-snapshot-id";
  public static final String ROWS = "floe.rows";
  public static final String SOURCE_FILE_HASH = "floe.source-sha256";
  public static final String MODEL_VERSION = "floe.model-version";

  public CommitLineage {
    requireNonNull(workflowId, "workflowId is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(step, "step is null");
  }

  /** Lineage for a step run directly from the command line, outside any workflow. */
  public static CommitLineage direct(String step) {
    return new CommitLineage("cli", UUID.randomUUID().toString(), step);
  }

  public Map<String, String> summary() {
    Map<String, String> summary = new LinkedHashMap<>();
    summary.put(WORKFLOW_ID, workflowId);
    summary.put(RUN_ID, runId);
    summary.put(STEP, step);
    return summary;
  }

  /** True when the snapshot was committed by this very run and step. */
  public boolean madeBy(Snapshot snapshot) {
    Map<String, String> summary = snapshot.summary();
    return workflowId.equals(summary.get(WORKFLOW_ID))
        && runId.equals(summary.get(RUN_ID))
        && step.equals(summary.get(STEP));
  }
}
