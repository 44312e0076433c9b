package dev.floe.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.engine.SnapshotFiles;
import dev.floe.engine.SqlStatement;
import dev.floe.features.Featurizer;
import dev.floe.generate.EventGenerator;
import dev.floe.pointintime.PointInTimeSql;
import dev.floe.workflows.BackfillRequest;
import dev.floe.workflows.BackfillWorkflow;
import dev.floe.workflows.BackfillWorkflowImpl;
import dev.floe.workflows.FeaturePipeline;
import dev.floe.workflows.FeaturizeRequest;
import dev.floe.workflows.FeaturizeResult;
import dev.floe.workflows.FloeDataConverter;
import dev.floe.workflows.GenerateRequest;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Backfill workflow on Temporal's test server with the real activities on real tables. */
class BackfillWorkflowTest {
  private static final LocalDate END = LocalDate.parse("2025-09-17");

  @TempDir Path dataDir;

  private static List<String> rows(FloeCatalog catalog, long snapshotId) throws Exception {
    SnapshotFiles files = SnapshotFiles.of(catalog.load(FloeTable.USER_FEATURES), snapshotId);
    try (Connection connection = PointInTimeSql.open()) {
      return SqlStatement.of(
              "SELECT user_id || ' ' || dt || ' ' || spending_mean_7d FROM " + files.relation() + " ORDER BY dt, user_id")
          .query(connection, row -> row.getString(1));
    }
  }

  @Test
  void chunksRunAsParallelActivitiesAndCommitOnce() throws Exception {
    try (FloeCatalog catalog = FloeCatalog.open(dataDir);
        BackfillActivitiesImpl activities = new BackfillActivitiesImpl(catalog);
        TestWorkflowEnvironment temporal =
            TestWorkflowEnvironment.newInstance(
                TestEnvironmentOptions.newBuilder()
                    .setUseTimeskipping(false)
                    .setWorkflowClientOptions(
                        WorkflowClientOptions.newBuilder().setDataConverter(FloeDataConverter.instance()).build())
                    .build())) {
      Worker worker =
          temporal.newWorker(
              FeaturePipeline.TASK_QUEUE, WorkerOptions.newBuilder().setMaxConcurrentActivityExecutionSize(3).build());
      worker.registerWorkflowImplementationTypes(BackfillWorkflowImpl.class);
      worker.registerActivitiesImplementations(activities);
      temporal.start();

      new EventGenerator(catalog)
          .generate(new GenerateRequest(50, 5_000, 25, END, 3, 1, List.of()), CommitLineage.direct("generate"));
      FeaturizeResult featurized =
          new Featurizer(catalog).featurize(new FeaturizeRequest(null), CommitLineage.direct("featurize"));
      int snapshotsBefore = snapshotCount(catalog);

      BackfillWorkflow backfill =
          temporal.getWorkflowClient().newWorkflowStub(
              BackfillWorkflow.class,
              WorkflowOptions.newBuilder().setTaskQueue(FeaturePipeline.TASK_QUEUE).setWorkflowId("backfill-1").build());
      FeaturizeResult result = backfill.run(new BackfillRequest(null, END.minusDays(20), END, 5));

      assertThat(result.committed()).isTrue();
      assertThat(result.datesRecomputed()).isEqualTo(21);
      assertThat(snapshotCount(catalog)).isEqualTo(snapshotsBefore + 1);
      assertThat(rows(catalog, result.snapshotId())).isEqualTo(rows(catalog, featurized.snapshotId()));
      long chunkActivities =
          temporal.getWorkflowClient()
              .fetchHistory("backfill-1")
              .getEvents()
              .stream()
              .filter(event -> event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
              .filter(event -> event.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals("ComputeChunk"))
              .count();
      assertThat(chunkActivities).isEqualTo(5);

      BackfillWorkflow invalid =
          temporal.getWorkflowClient().newWorkflowStub(
              BackfillWorkflow.class,
              WorkflowOptions.newBuilder().setTaskQueue(FeaturePipeline.TASK_QUEUE).setWorkflowId("backfill-2").build());
      assertThatThrownBy(() -> invalid.run(new BackfillRequest(null, END.minusDays(2), END.plusDays(3), 5)))
          .isInstanceOf(WorkflowFailedException.class)
          .rootCause()
          .isInstanceOf(ApplicationFailure.class)
          .hasMessageContaining("outside raw_events snapshot");
      assertThat(snapshotCount(catalog)).isEqualTo(snapshotsBefore + 1);
    }
  }

  private static int snapshotCount(FloeCatalog catalog) {
    var table = catalog.load(FloeTable.USER_FEATURES);
    return (int) StreamSupport.stream(table.snapshots().spliterator(), false).count();
  }
}
