package dev.floe.activities;

import static dev.floe.pointintime.FeatureTableFixture.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.FloeCatalog;
import dev.floe.pointintime.FeatureSnapshotChoice;
import dev.floe.pointintime.FeatureTableFixture;
import dev.floe.pointintime.OutputRows;
import dev.floe.pointintime.TrainingSetBuilder;
import dev.floe.pointintime.TrainingSetRequest;
import dev.floe.workflows.FeaturePipeline;
import dev.floe.workflows.FloeDataConverter;
import dev.floe.workflows.TrainingSetInput;
import dev.floe.workflows.TrainingSetSummary;
import dev.floe.workflows.TrainingSetWorkflow;
import dev.floe.workflows.TrainingSetWorkflowImpl;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.Snapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TrainingSet workflow on Temporal's time-skipping test server, with the real activities on real tables. */
class TrainingSetWorkflowTest {
  /** Far ahead: the snapshot current when the plan runs, so only planning once keeps a retry on it. */
  private static final String KNOWN_AT_LATER = "2100-01-01T00:00:00Z";

  @TempDir Path dataDir;
  @TempDir Path inputs;
  @TempDir Path outputs;

  private FloeCatalog catalog;
  private FeatureTableFixture features;
  private TrainingSetActivitiesImpl real;
  private TestWorkflowEnvironment temporal;
  private Snapshot planned;
  private Path labels;

  @BeforeEach
  void featuresAndLabels() throws Exception {
    catalog = FloeCatalog.open(dataDir);
    features = new FeatureTableFixture(catalog);
    real = new TrainingSetActivitiesImpl(catalog);
    planned = features.append(List.of(
        row(1, "2025-09-15", "1.00"), row(1, "2025-09-16", "2.00"), row(2, "2025-09-16", "9.50")));
    labels = Files.writeString(inputs.resolve("labels.csv"),
        "user_id,label,as_of_ts,source\n"
            + "1,1,2025-09-17T12:00:00Z,a\n"
            + "1,1,2025-09-17T12:00:00Z,duplicate\n"
            + "2,0,2025-09-30T00:00:00Z,expired\n"
            + "3,0,2025-09-17T00:00:00Z,no history\n"
            + "1,0,2025-09-16T00:00:00Z,day before\n");
    temporal = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setWorkflowClientOptions(WorkflowClientOptions.newBuilder().setDataConverter(FloeDataConverter.instance()).build())
        .build());
  }

  @AfterEach
  void close() {
    temporal.close();
    real.close();
    catalog.close();
  }

  private TrainingSetWorkflow start(Object activities, String workflowId) {
    Worker worker = temporal.newWorker(FeaturePipeline.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(TrainingSetWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities);
    temporal.start();
    return temporal.getWorkflowClient().newWorkflowStub(TrainingSetWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(FeaturePipeline.TASK_QUEUE).setWorkflowId(workflowId).build());
  }

  private Path direct(long snapshotId, String fileName) {
    Path expected = inputs.resolve(fileName);
    new TrainingSetBuilder(catalog).build(
        new TrainingSetRequest(labels, FeatureSnapshotChoice.snapshot(snapshotId), Duration.ofDays(7), expected));
    return expected;
  }

  private static TrainingSetInput input(Path labels, Path out, String knownAt, String ttl) {
    return new TrainingSetInput(labels.toString(), out.toString(), null, null, knownAt, ttl);
  }

  @Test
  void theWorkflowWritesWhatTheBuilderWritesOnThePlannedSnapshot() throws Exception {
    Path out = outputs.resolve("set.csv");
    TrainingSetSummary summary = start(real, "training-set-1").run(input(labels, out, KNOWN_AT_LATER, "7d"));

    assertThat(summary.featureSnapshotId()).isEqualTo(planned.snapshotId());
    assertThat(summary.snapshotChoice()).isEqualTo("snapshot current at 2100-01-01T00:00:00Z");
    assertThat(summary.out()).isEqualTo(out.toString());
    assertThat(summary.rows()).isEqualTo(5);
    assertThat(summary.rowsWithFeatures()).isEqualTo(3);
    assertThat(summary.rowsPastTtl()).isEqualTo(1);
    assertThat(summary.rowsWithoutHistory()).isEqualTo(1);
    assertThat(Files.readString(out)).isEqualTo(Files.readString(direct(planned.snapshotId(), "expected.csv")));
  }

  @Test
  void aBuildThatCrashesMidWriteIsRetriedOnThePlannedSnapshotAndLeavesOneWholeFile() throws Exception {
    Path out = outputs.resolve("set.parquet");
    FirstBuildCrashesActivities crashing = new FirstBuildCrashesActivities(real,
        // A newer snapshot lands during the first attempt; the retry must not pick it up.
        () -> features.replaceDates(List.of(row(1, "2025-09-16", "77.00"))));

    TrainingSetSummary summary = start(crashing, "training-set-crash").run(input(labels, out, KNOWN_AT_LATER, "7d"));

    assertThat(crashing.builds).hasValue(2);
    assertThat(crashing.plans).hasValue(1);
    assertThat(catalog.load(dev.floe.catalog.FloeTable.USER_FEATURES).currentSnapshot().snapshotId())
        .isNotEqualTo(planned.snapshotId());
    assertThat(summary.featureSnapshotId()).isEqualTo(planned.snapshotId());
    try (Stream<Path> written = Files.list(outputs)) {
      assertThat(written.map(file -> file.getFileName().toString())).containsExactly("set.parquet");
    }
    Path expected = direct(planned.snapshotId(), "expected.parquet");
    assertThat(OutputRows.read(out)).isEqualTo(OutputRows.read(expected));
  }

  @Test
  void invalidInputFailsAtOnceWithoutRetries() throws Exception {
    FirstBuildCrashesActivities counting = FirstBuildCrashesActivities.counting(real);
    TrainingSetWorkflow workflow = start(counting, "training-set-invalid");
    Path out = outputs.resolve("set.csv");

    assertThatThrownBy(() -> workflow.run(input(labels, out, null, null)))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause().hasMessageContaining("Give one of model, snapshot or known_at");
    assertThat(counting.plans).hasValue(0);

    TrainingSetWorkflow second = temporal.getWorkflowClient().newWorkflowStub(TrainingSetWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(FeaturePipeline.TASK_QUEUE).setWorkflowId("training-set-bad-ttl").build());
    Throwable badTtl = org.assertj.core.api.Assertions.catchThrowable(() -> second.run(input(labels, out, KNOWN_AT_LATER, "forever")));
    assertThat(badTtl).isInstanceOf(WorkflowFailedException.class);
    ApplicationFailure failure = (ApplicationFailure) Stream.iterate(badTtl, t -> t != null, Throwable::getCause)
        .filter(ApplicationFailure.class::isInstance).reduce((first, last) -> last).orElseThrow();
    assertThat(failure.getType()).isEqualTo("InvalidInput");
    assertThat(failure.getOriginalMessage()).isEqualTo("ttl 'forever' is not a duration: expected for example 7d, 12h, 1d12h or PT12H");
    assertThat(counting.plans).hasValue(1);

    TrainingSetWorkflow third = temporal.getWorkflowClient().newWorkflowStub(TrainingSetWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(FeaturePipeline.TASK_QUEUE).setWorkflowId("training-set-bad-row").build());
    Path badLabels = Files.writeString(inputs.resolve("bad.csv"), "user_id,label,as_of_ts\nseven,1,2025-09-17\n");
    assertThatThrownBy(() -> third.run(input(badLabels, out, KNOWN_AT_LATER, null)))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause().hasMessageContaining("line 2: user_id 'seven' is not a whole number");
    assertThat(counting.builds).hasValue(1);
    try (Stream<Path> written = Files.list(outputs)) {
      assertThat(written).isEmpty();
    }
  }
}
