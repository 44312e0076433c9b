package dev.floe.worker;

import io.temporal.api.common.v1.WorkflowExecution;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    description = "Start a pipeline run on a Temporal server and return its workflow id at once (see 'floe status').")
final class StartCommand implements Callable<Integer> {
  @ParentCommand private Main floe;

  @Mixin private TemporalOptions temporal;

  @Mixin private PipelineInputOptions input;

  @Option(names = "--workflow-id", paramLabel = "ID", description = "Workflow id (default: floe-pipeline-<uuid>).")
  private String workflowId;

  record Started(String workflowId, String runId) {}

  @Override
  public Integer call() {
    String id = workflowId != null ? workflowId : PipelineClient.newWorkflowId();
    try (TemporalConnection connection = temporal.connectRemote("start")) {
      WorkflowExecution execution = new PipelineClient(connection).start(input.read(), id);
      floe.output().print(new Started(execution.getWorkflowId(), execution.getRunId()),
          started -> "Started " + started.workflowId() + " (run " + started.runId() + ")."
              + System.lineSeparator() + "Follow it: floe status " + started.workflowId() + " --temporal " + connection.target());
    }
    return ExitCode.OK.code();
  }
}
