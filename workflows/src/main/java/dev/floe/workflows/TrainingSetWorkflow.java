package dev.floe.workflows;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A point-in-time training set built by a worker, for label files too large to upload: {@code
 * temporal workflow start --type TrainingSet --task-queue floe --input '{"labels": ..., "out": ...,
 * "model": ...}'} (see {@link TrainingSetInput}).
 */
@WorkflowInterface
public interface TrainingSetWorkflow {
  String WORKFLOW_TYPE = "TrainingSet";

  @WorkflowMethod(name = WORKFLOW_TYPE)
  TrainingSetSummary run(TrainingSetInput input);
}
