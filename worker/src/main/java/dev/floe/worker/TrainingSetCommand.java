package dev.floe.worker;

import dev.floe.catalog.FloeCatalog;
import dev.floe.error.InvalidInputException;
import dev.floe.features.registry.FeatureSelection;
import dev.floe.pointintime.FeatureSnapshotChoice;
import dev.floe.pointintime.TimeText;
import dev.floe.pointintime.TrainingSetBuilder;
import dev.floe.pointintime.TrainingSetRequest;
import dev.floe.workflows.FeaturePipeline;
import dev.floe.workflows.TrainingSetInput;
import dev.floe.workflows.TrainingSetSummary;
import dev.floe.workflows.TrainingSetWorkflow;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "training-set",
    mixinStandardHelpOptions = true,
    description = {
      "Build a point-in-time training set from a label file.",
      "Labels are CSV or Parquet with user_id, label, as_of_ts (other columns are carried through).",
      "Every label row comes out once, in input order, with feature_dt and spending_mean_7d (or the",
      "--features named; with --model, the model's features) of the",
      "latest feature row known at its as_of_ts (a row for day dt is known from dt + 1 day 00:00 UTC),",
      "or nulls when none is known or it is older than --ttl.",
      "With --workflow it runs as the TrainingSet Temporal workflow (for large label sets: retried,",
      "heartbeating, the snapshot resolved once); the files are then paths on the worker. Without",
      "--temporal, a server and a worker run in this process."
    })
final class TrainingSetCommand implements Callable<Integer> {
  @ParentCommand private Main floe;

  @Option(names = "--labels", required = true, paramLabel = "FILE", description = "A .csv or .parquet label file.")
  private Path labels;

  @ArgGroup(exclusive = true, multiplicity = "1")
  private SnapshotChoice snapshot;

  static final class SnapshotChoice {
    @Option(names = "--model", paramLabel = "VERSION", description = "Use the feature snapshot this model was trained on.")
    String model;

    @Option(names = "--snapshot", paramLabel = "SNAPSHOT_ID", description = "Use this user_features snapshot.")
    Long snapshotId;

    @Option(
        names = "--known-at",
        paramLabel = "INSTANT",
        description = "Use the user_features snapshot that was current then: the set as it would have been built.")
    String knownAt;
  }

  @Option(
      names = "--ttl",
      paramLabel = "DURATION",
      description = "Features older than this at as_of_ts count as unknown: 7d, 12h, 1d12h, PT12H.")
  private String ttl;

  @Option(
      names = "--features",
      paramLabel = "A,B,C",
      description = "Applied features to add, each a column of the snapshot (default: spending_mean_7d, or the model's features with --model).")
  private String features;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "A .csv or .parquet file to write.")
  private Path out;

  @Option(names = "--workflow", description = "Run as the TrainingSet workflow on Temporal.")
  private boolean workflow;

  @Mixin private TemporalOptions temporal;

  @Option(names = "--workflow-id", paramLabel = "ID", description = "Workflow id with --workflow (default: floe-training-set-<uuid>).")
  private String workflowId;

  @Override
  public Integer call() {
    if (!workflow && (!temporal.embedded() || workflowId != null)) {
      throw new InvalidInputException("--temporal and --workflow-id need --workflow");
    }
    TrainingSetSummary summary = workflow ? runWorkflow() : buildHere();
    floe.output().print(summary, TrainingSetCommand::describe);
    return ExitCode.OK.code();
  }

  private TrainingSetSummary buildHere() {
    FeatureSnapshotChoice choice =
        FeatureSnapshotChoice.fromOptions(
            snapshot.model,
            snapshot.snapshotId,
            snapshot.knownAt == null ? null : TimeText.instant("--known-at", snapshot.knownAt),
            List.of("--model", "--snapshot", "--known-at"));
    TrainingSetRequest request =
        new TrainingSetRequest(
            Main.existingFile(labels, "label file"),
            choice,
            ttl == null ? null : TimeText.duration("--ttl", ttl),
            out,
            FeatureSelection.parse("--features", features));
    try (FloeCatalog catalog = floe.openExistingCatalog()) {
      return new TrainingSetBuilder(catalog).build(request);
    }
  }

  /** The same question as the workflow's plain-JSON input; the worker checks and resolves it once. */
  private TrainingSetSummary runWorkflow() {
    // Checked here too, so a typo is named by its flag at once instead of by the worker.
    if (ttl != null) {
      TimeText.duration("--ttl", ttl);
    }
    if (snapshot.knownAt != null) {
      TimeText.instant("--known-at", snapshot.knownAt);
    }
    FeatureSelection.parse("--features", features);
    TrainingSetInput input =
        new TrainingSetInput(
            labels.toAbsolutePath().normalize().toString(),
            out.toAbsolutePath().normalize().toString(),
            snapshot.model,
            snapshot.snapshotId == null ? null : snapshot.snapshotId.toString(),
            snapshot.knownAt,
            ttl,
            features);
    String id = workflowId != null ? workflowId : "floe-training-set-" + UUID.randomUUID();
    return temporal.withWorkflows(floe, connection -> {
      TrainingSetWorkflow stub = connection.client().newWorkflowStub(TrainingSetWorkflow.class,
          WorkflowOptions.newBuilder().setTaskQueue(FeaturePipeline.TASK_QUEUE).setWorkflowId(id).build());
      try {
        return stub.run(input);
      } catch (WorkflowException e) {
        throw PipelineClient.asFloeException(e);
      }
    });
  }

  private static String describe(TrainingSetSummary summary) {
    return String.format(
        "Training set of %,d rows written to %s (%s) in %.2f s (%,.0f rows/s)%n"
            + "  feature snapshot %d (%s)%n"
            + "  %,d with features, %,d with none known at their time, %,d past the TTL%s",
        summary.rows(), summary.out(), summary.format(), summary.seconds(), summary.rowsPerSecond(),
        summary.featureSnapshotId(), summary.snapshotChoice(),
        summary.rowsWithFeatures(), summary.rowsWithoutHistory(), summary.rowsPastTtl(),
        summary.ttl() == null ? " (no TTL)" : " of " + summary.ttl());
  }
}
