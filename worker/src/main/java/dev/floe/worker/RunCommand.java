package dev.floe.worker;

import dev.floe.activities.PipelineActivitiesImpl;
import dev.floe.catalog.FloeCatalog;
import dev.floe.workflows.PipelineInput;
import dev.floe.workflows.PipelineResult;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the pipeline as a Temporal workflow and wait for its result.",
      "Without --temporal, a Temporal server and a worker run inside this process on the data directory;",
      "with it, a 'floe worker' polling that server does the work."
    })
final class RunCommand implements Callable<Integer> {
  @ParentCommand private Main floe;

  @Mixin private TemporalOptions temporal;

  @Mixin private PipelineInputOptions input;

  @Option(names = "--workflow-id", paramLabel = "ID", description = "Workflow id (default: floe-pipeline-<uuid>).")
  private String workflowId;

  @Option(names = "--no-progress", description = "Draw no progress bar, even on a terminal.")
  private boolean noProgress;

  @Override
  public Integer call() {
    PipelineInput pipelineInput = input.read();
    String id = workflowId != null ? workflowId : PipelineClient.newWorkflowId();
    PipelineResult result = temporal.embedded() ? runEmbedded(pipelineInput, id) : runRemote(pipelineInput, id);
    floe.output().print(result, RunCommand::summary);
    return ExitCode.OK.code();
  }

  private PipelineResult runEmbedded(PipelineInput pipelineInput, String id) {
    try (TemporalConnection connection = TemporalConnection.embedded();
        FloeCatalog catalog = floe.openCatalog();
        PipelineActivitiesImpl activities = new PipelineActivitiesImpl(catalog);
        PipelineWorker worker = PipelineWorker.start(connection, activities)) {
      return startAndAwait(connection, pipelineInput, id);
    }
  }

  private PipelineResult runRemote(PipelineInput pipelineInput, String id) {
    try (TemporalConnection connection = temporal.connect()) {
      return startAndAwait(connection, pipelineInput, id);
    }
  }

  private PipelineResult startAndAwait(TemporalConnection connection, PipelineInput pipelineInput, String id) {
    PipelineClient client = new PipelineClient(connection);
    client.start(pipelineInput, id);
    try (PipelineProgressBar bar = PipelineProgressBar.forConsole(System.err, !noProgress)) {
      if (!bar.draws()) {
        return client.await(id);
      }
      PipelineResult result = client.await(id, bar);
      bar.finished(result);
      return result;
    }
  }

  static String summary(PipelineResult result) {
    String steps = result.steps().stream()
        .map(step -> String.format("%s %.2f s", step.step().stepName(), step.millis() / 1000.0))
        .collect(Collectors.joining(", "));
    return String.format(
        "Run %s registered model %s (threshold %.2f, %,d training rows).%n"
            + "raw_events snapshot %d, user_features snapshot %d (%,d rows)%s.%n"
            + "Steps: %s; total %.2f s.",
        result.workflowId(), result.modelVersion(), result.threshold(), result.trainingRows(),
        result.rawSnapshotId(), result.featureSnapshotId(), result.featureRows(),
        result.rowsAppended() > 0 ? String.format(", %,d rows appended", result.rowsAppended()) : "",
        steps, result.totalMillis() / 1000.0);
  }
}
