package dev.floe.worker;

import dev.floe.workflows.BackfillRequest;
import dev.floe.workflows.BackfillWorkflow;
import dev.floe.workflows.FeaturePipeline;
import dev.floe.workflows.FeaturizeResult;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowOptions;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    description = {
      "Recompute user_features for a range of dates from a raw_events snapshot, as a Temporal workflow.",
      "The range is split into chunks computed as parallel activities (several workers share them) and",
      "replaced in one atomic commit. Without --temporal, a server and a worker run in this process."
    })
final class BackfillCommand implements Callable<Integer> {
  @ParentCommand private Main floe;

  @Mixin private TemporalOptions temporal;

  @Option(names = "--from", required = true, paramLabel = "DATE", description = "First date to recompute.")
  private LocalDate from;

  @Option(names = "--to", required = true, paramLabel = "DATE", description = "Last date to recompute.")
  private LocalDate to;

  @Option(names = "--raw-snapshot", paramLabel = "SNAPSHOT_ID", description = "raw_events snapshot (default: current).")
  private Long rawSnapshotId;

  @Option(
      names = "--chunk-days",
      paramLabel = "N",
      description = "Dates per chunk activity (default: " + BackfillRequest.DEFAULT_CHUNK_DAYS + ").")
  private Integer chunkDays;

  @Option(names = "--workflow-id", paramLabel = "ID", description = "Workflow id (default: floe-backfill-<uuid>).")
  private String workflowId;

  @Override
  public Integer call() {
    BackfillRequest request = new BackfillRequest(rawSnapshotId, from, to, chunkDays);
    String id = workflowId != null ? workflowId : "floe-backfill-" + UUID.randomUUID();
    FeaturizeResult result = temporal.withWorkflows(floe, connection -> run(connection, request, id));
    floe.output().print(result, BackfillCommand::summary);
    return ExitCode.OK.code();
  }

  private static FeaturizeResult run(TemporalConnection connection, BackfillRequest request, String id) {
    BackfillWorkflow workflow =
        connection.client().newWorkflowStub(
            BackfillWorkflow.class,
            WorkflowOptions.newBuilder().setTaskQueue(FeaturePipeline.TASK_QUEUE).setWorkflowId(id).build());
    try {
      return workflow.run(request);
    } catch (WorkflowException e) {
      throw PipelineClient.asFloeException(e);
    }
  }

  private static String summary(FeaturizeResult result) {
    return String.format(
        "Backfilled %s..%s (%d dates, %,d rows) from raw_events snapshot %d into user_features snapshot %d (%,d rows).",
        result.recomputedFrom(), result.recomputedTo(), result.datesRecomputed(), result.rowsWritten(),
        result.rawSnapshotId(), result.snapshotId(), result.rows());
  }
}
