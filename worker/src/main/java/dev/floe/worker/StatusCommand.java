package dev.floe.worker;

import dev.floe.workflows.PipelineProgress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Print a pipeline run's state, its progress while running, and its result or error once done.")
final class StatusCommand implements Callable<Integer> {
  @ParentCommand private Main floe;

  @Mixin private TemporalOptions temporal;

  @Parameters(paramLabel = "WORKFLOW_ID", description = "The run's workflow id, as 'floe start' printed it.")
  private String workflowId;

  @Override
  public Integer call() {
    try (TemporalConnection connection = temporal.connectRemote("status")) {
      floe.output().print(new PipelineClient(connection).status(workflowId), StatusCommand::summary);
    }
    return ExitCode.OK.code();
  }

  static String summary(PipelineClient.RunStatus status) {
    StringBuilder text = new StringBuilder(status.workflowId() + ": " + status.status());
    PipelineProgress progress = status.progress();
    if (progress != null) {
      text.append(String.format(" (%d of %d steps done%s)", progress.completed().size(), progress.steps().size(),
          progress.currentStep() == null ? "" : ", running " + progress.currentStep().stepName()));
    }
    if (status.result() != null) {
      text.append(System.lineSeparator()).append(RunCommand.summary(status.result()));
    }
    if (status.error() != null) {
      text.append(System.lineSeparator()).append("Error: ").append(status.error());
    }
    if (status.note() != null) {
      text.append(System.lineSeparator()).append(status.note());
    }
    return text.toString();
  }
}
