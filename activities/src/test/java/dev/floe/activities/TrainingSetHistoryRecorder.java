package dev.floe.activities;

import static dev.floe.pointintime.FeatureTableFixture.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.FloeCatalog;
import dev.floe.pointintime.FeatureTableFixture;
import dev.floe.workflows.FeaturePipeline;
import dev.floe.workflows.FloeDataConverter;
import dev.floe.workflows.TrainingSetInput;
import dev.floe.workflows.TrainingSetSummary;
import dev.floe.workflows.TrainingSetWorkflow;
import dev.floe.workflows.TrainingSetWorkflowImpl;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records the TrainingSet history TrainingSetReplayTest keeps (workflows/src/test/resources/
 * histories/training-set), from a real run on real tables. Run deliberately, as {@link
 * BackfillHistoryRecorder}:
 *
 * <pre>mvn -B -pl activities -am test -Dtest=TrainingSetHistoryRecorder -Dsurefire.failIfNoSpecifiedTests=false -Dfloe.record-histories=true</pre>
 *
 * It never overwrites a kept history: an existing file fails the recording instead.
 */
@EnabledIfSystemProperty(named = "floe.record-histories", matches = "true")
class TrainingSetHistoryRecorder {
  private static final Path HISTORIES =
      Path.of("..", "workflows", "src", "test", "resources", "histories", "training-set");

  @TempDir Path dataDir;
  @TempDir Path files;

  @Test
  void recordKnownAtTrainingSet() throws IOException {
    try (FloeCatalog catalog = FloeCatalog.open(dataDir);
        TrainingSetActivitiesImpl activities = new TrainingSetActivitiesImpl(catalog);
        TestWorkflowEnvironment temporal = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
            .setUseTimeskipping(false)
            .setWorkflowClientOptions(WorkflowClientOptions.newBuilder().setDataConverter(FloeDataConverter.instance()).build())
            .build())) {
      Worker worker = temporal.newWorker(FeaturePipeline.TASK_QUEUE);
      worker.registerWorkflowImplementationTypes(TrainingSetWorkflowImpl.class);
      worker.registerActivitiesImplementations(activities);
      temporal.start();
      new FeatureTableFixture(catalog).append(List.of(row(1, "2025-09-15", "1.00"), row(1, "2025-09-16", "2.00")));
      Path labels = Files.writeString(files.resolve("labels.csv"),
          "user_id,label,as_of_ts\n1,1,2025-09-17T12:00:00Z\n2,0,2025-09-17T12:00:00Z\n");

      TrainingSetSummary summary = temporal.getWorkflowClient()
          .newWorkflowStub(TrainingSetWorkflow.class,
              WorkflowOptions.newBuilder().setTaskQueue(FeaturePipeline.TASK_QUEUE).setWorkflowId("recorded-training-set").build())
          .run(new TrainingSetInput(labels.toString(), files.resolve("set.parquet").toString(), null, null,
              "2100-01-01T00:00:00Z", "7d"));
      assertThat(summary.rowsWithFeatures()).isEqualTo(1);

      String version = System.getProperty("floe.version", "unknown").replace("-SNAPSHOT", "");
      Path file = HISTORIES.resolve("training-set_floe-" + version + "_known-at.json");
      assertThat(file).as("kept histories are never regenerated; add a new version instead").doesNotExist();
      Files.createDirectories(HISTORIES);
      Files.writeString(file, temporal.getWorkflowClient().fetchHistory("recorded-training-set").toJson(true));
    }
  }
}
