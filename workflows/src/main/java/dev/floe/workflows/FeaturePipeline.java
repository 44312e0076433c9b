package dev.floe.workflows;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One pipeline run: generate, ingest a file, or neither; then featurize, calibrate and register.
 * The type name and task queue are part of the public contract: the Temporal CLI starts runs with
 * {@code temporal workflow start --type FeaturePipeline --task-queue floe --input '{...}'}.
 */
@WorkflowInterface
public interface FeaturePipeline {
  String WORKFLOW_TYPE = "FeaturePipeline";
  String TASK_QUEUE = "floe";

  @WorkflowMethod(name = WORKFLOW_TYPE)
  PipelineResult run(PipelineInput input);

  @QueryMethod(name = "progress")
  PipelineProgress progress();
}
