package dev.floe.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.floe.activities.PipelineActivitiesImpl;
import dev.floe.catalog.FloeCatalog;
import dev.floe.error.FloeException;
import dev.floe.error.InvalidInputException;
import dev.floe.error.NotFoundException;
import dev.floe.pointintime.TimeText;
import dev.floe.workflows.FeaturePipeline;
import dev.floe.workflows.FloeDataConverter;
import dev.floe.workflows.FloeJson;
import dev.floe.workflows.PipelineInput;
import dev.floe.workflows.PipelineResult;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.ScheduleSpec;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "schedule",
    mixinStandardHelpOptions = true,
    description = {
      "Keep the data fresh: run the pipeline every DURATION.",
      "On a Temporal cluster this creates a Temporal Schedule (a 'floe worker' does the runs) and returns its id;",
      "--delete removes it. Temporal's test server (embedded, or 'floe server') has no Schedules: there this",
      "process starts the runs itself, every DURATION, until interrupted (or after --runs runs), and says so."
    })
final class ScheduleCommand implements Callable<Integer> {
  static final String DEFAULT_SCHEDULE_ID = "floe-pipeline-schedule";
  /** Runs a Schedule starts are named this plus the time Temporal appends. */
  static final String SCHEDULED_WORKFLOW_ID = "floe-pipeline-scheduled";

  @ParentCommand private Main floe;

  @Spec private CommandSpec spec;

  @Mixin private TemporalOptions temporal;

  @Mixin private PipelineInputOptions input;

  @Option(names = "--every", paramLabel = "DURATION", converter = EveryConverter.class,
      description = "Interval between runs: 30s, 15m, 1h, 1d, 1h30m or ISO-8601 (PT15M). Required unless --delete.")
  private Duration every;

  @Option(names = "--schedule-id", paramLabel = "ID", defaultValue = DEFAULT_SCHEDULE_ID,
      description = "Temporal Schedule id (default: ${DEFAULT-VALUE}).")
  private String scheduleId;

  @Option(names = "--delete", description = "Delete the Schedule --schedule-id instead of creating one.")
  private boolean delete;

  @Option(names = "--runs", paramLabel = "N",
      description = "In-process fallback only: stop after N runs (default: until interrupted).")
  private Integer runs;

  record Created(String scheduleId, String every, String taskQueue, String target) {}

  record Deleted(String scheduleId, String target) {}

  /** One run the in-process fallback started and waited for; {@code error} set when it failed. */
  record FallbackRun(int run, String workflowId, Instant startedAt, String modelVersion, Long featureSnapshotId,
      Long totalMillis, String error) {}

  @Override
  public Integer call() {
    if (delete && every != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--delete takes no --every");
    }
    if (!delete && every == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option '--every=DURATION'");
    }
    if (runs != null && runs < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--runs must be at least 1, not " + runs);
    }
    return delete ? deleteSchedule() : createOrFallBack();
  }

  private int deleteSchedule() {
    try (TemporalConnection connection = temporal.connect()) {
      try {
        scheduleClient(connection).getHandle(scheduleId).delete();
      } catch (RuntimeException e) {
        Status.Code code = grpcCode(e).orElseThrow(() -> e);
        if (code == Status.Code.UNIMPLEMENTED) {
          throw new InvalidInputException("Temporal at " + connection.target() + " is a test server without Schedules,"
              + " so there is no Schedule to delete: a fallback 'floe schedule' stops when its process is interrupted");
        }
        if (code == Status.Code.NOT_FOUND) {
          throw new NotFoundException("No Schedule '" + scheduleId + "' in namespace " + connection.namespace()
              + " at " + connection.target());
        }
        throw e;
      }
      floe.output().print(new Deleted(scheduleId, connection.target()),
          deleted -> "Deleted Schedule " + deleted.scheduleId() + " at " + deleted.target() + ".");
    }
    return ExitCode.OK.code();
  }

  private int createOrFallBack() {
    PipelineInput pipelineInput = input.read();
    if (temporal.embedded()) {
      try (TemporalConnection connection = TemporalConnection.embedded();
          FloeCatalog catalog = floe.openCatalog();
          PipelineActivitiesImpl activities = new PipelineActivitiesImpl(catalog);
          PipelineWorker worker = PipelineWorker.start(connection, activities)) {
        return createOrFallBack(connection, pipelineInput);
      }
    }
    try (TemporalConnection connection = temporal.connect()) {
      return createOrFallBack(connection, pipelineInput);
    }
  }

  private int createOrFallBack(TemporalConnection connection, PipelineInput pipelineInput) {
    try {
      scheduleClient(connection).createSchedule(scheduleId, schedule(pipelineInput, every), ScheduleOptions.newBuilder().build());
    } catch (ScheduleAlreadyRunningException e) {
      throw new InvalidInputException("Schedule '" + scheduleId + "' already exists at " + connection.target()
          + ": delete it first with 'floe schedule --delete --schedule-id " + scheduleId + "', or pick another --schedule-id");
    } catch (RuntimeException e) {
      if (grpcCode(e).filter(code -> code == Status.Code.UNIMPLEMENTED).isEmpty()) {
        throw e;
      }
      return fallBack(connection, pipelineInput);
    }
    floe.output().print(new Created(scheduleId, every.toString(), FeaturePipeline.TASK_QUEUE, connection.target()),
        created -> "Created Schedule " + created.scheduleId() + ": a pipeline run every " + humane(every)
            + " on task queue " + created.taskQueue() + " at " + created.target() + " (a 'floe worker' must poll it)."
            + System.lineSeparator() + "Remove it: floe schedule --delete --schedule-id " + created.scheduleId()
            + " --temporal " + created.target());
    return ExitCode.OK.code();
  }

  /** The Schedule a cluster keeps: start FeaturePipeline on task queue floe with this input, every {@code every}. */
  static Schedule schedule(PipelineInput pipelineInput, Duration every) {
    return Schedule.newBuilder()
        .setAction(ScheduleActionStartWorkflow.newBuilder()
            .setWorkflowType(FeaturePipeline.class)
            .setArguments(pipelineInput)
            .setOptions(WorkflowOptions.newBuilder()
                .setWorkflowId(SCHEDULED_WORKFLOW_ID)
                .setTaskQueue(FeaturePipeline.TASK_QUEUE)
                .build())
            .build())
        .setSpec(ScheduleSpec.newBuilder().setIntervals(List.of(new ScheduleIntervalSpec(every))).build())
        .build();
  }

  /**
   * Starts a run every {@code every} (from the start of the previous one; a run longer than that is
   * followed at once, never overlapped, as a Schedule's default overlap policy does) until
   * interrupted or {@code --runs} runs. A failed run is reported and the next one still starts.
   */
  private int fallBack(TemporalConnection connection, PipelineInput pipelineInput) {
    PrintWriter err = spec.commandLine().getErr();
    String server = connection.isEmbedded() ? "The embedded Temporal server" : "Temporal at " + connection.target();
    err.println("floe schedule: " + server + " is a test server without Schedules, so this process starts the"
        + " pipeline every " + humane(every) + " itself (in-process fallback, not a Temporal Schedule)"
        + (runs == null ? " until interrupted" : " for " + runs + " run" + (runs == 1 ? "" : "s"))
        + "; use --temporal HOST:PORT of a real cluster for a Schedule.");
    err.flush();
    PipelineClient client = new PipelineClient(connection);
    FloeException lastFailure = null;
    for (int run = 1; runs == null || run <= runs; run++) {
      long startNanos = System.nanoTime();
      String workflowId = SCHEDULED_WORKFLOW_ID + "-" + Instant.now().toString();
      Instant startedAt = Instant.now();
      try {
        client.start(pipelineInput, workflowId);
        PipelineResult result = client.await(workflowId);
        printRun(new FallbackRun(run, workflowId, startedAt, result.modelVersion(), result.featureSnapshotId(),
            result.totalMillis(), null));
      } catch (FloeException e) {
        lastFailure = e;
        err.println("floe schedule: run " + run + " (" + workflowId + ") failed: " + e.getMessage());
        err.flush();
        printRun(new FallbackRun(run, workflowId, startedAt, null, null, null, e.getMessage()));
      }
      if (runs != null && run == runs) {
        break;
      }
      long waitMillis = every.toMillis() - (System.nanoTime() - startNanos) / 1_000_000;
      if (waitMillis > 0) {
        try {
          Thread.sleep(waitMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    return lastFailure == null ? ExitCode.OK.code() : ExitCode.of(lastFailure).code();
  }

  /** One JSON object per line (a stream of runs), or a sentence each with --pretty. */
  private void printRun(FallbackRun run) {
    if (floe.output().style() == FloeConfig.OutputStyle.PRETTY) {
      floe.output().print(run, done -> done.error() != null
          ? "Run " + done.run() + " " + done.workflowId() + " failed: " + done.error()
          : String.format("Run %d %s registered model %s (user_features snapshot %d) in %.2f s.", done.run(),
              done.workflowId(), done.modelVersion(), done.featureSnapshotId(), done.totalMillis() / 1000.0));
      return;
    }
    try {
      floe.output().stream().println(FloeJson.mapper().writeValueAsString(run));
      floe.output().stream().flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write a fallback run as JSON", e);
    }
  }

  /** 90s as "1m30s", as a person would write it on the command line. */
  static String humane(Duration duration) {
    return duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
  }

  private static ScheduleClient scheduleClient(TemporalConnection connection) {
    return ScheduleClient.newInstance(connection.service(), ScheduleClientOptions.newBuilder()
        .setNamespace(connection.namespace())
        .setDataConverter(FloeDataConverter.instance())
        .build());
  }

  /** The gRPC status a Temporal call failed with, wherever the SDK wrapped it. */
  private static Optional<Status.Code> grpcCode(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof StatusRuntimeException status) {
        return Optional.of(status.getStatus().getCode());
      }
    }
    return Optional.empty();
  }

  /** {@code --every}: a malformed or non-positive duration is a usage error naming the option. */
  static final class EveryConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return TimeText.duration("--every", value);
      } catch (InvalidInputException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
