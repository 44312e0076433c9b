package dev.floe.workflows;

import java.util.List;

/** The raw_events snapshot a generate step committed (the last one when it used several batches). */
public record GenerateResult(String table, long snapshotId, long rows, List<Long> batchSnapshotIds, List<AnomalyOutcome> anomalies) {
  public GenerateResult {
    batchSnapshotIds = List.copyOf(batchSnapshotIds);
    anomalies = List.copyOf(anomalies);
  }
}
