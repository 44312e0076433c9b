package dev.floe.workflows;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Recomputes a range of user_features dates from a raw snapshot, in parallel chunks, committed once. */
@WorkflowInterface
public interface BackfillWorkflow {
  @WorkflowMethod(name = "Backfill")
  FeaturizeResult run(BackfillRequest request);
}
