package dev.floe.activities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.features.Featurizer;
import dev.floe.generate.EventGenerator;
import dev.floe.workflows.BackfillRequest;
import dev.floe.workflows.BackfillWorkflow;
import dev.floe.workflows.BackfillWorkflowImpl;
import dev.floe.workflows.FeaturePipeline;
import dev.floe.workflows.FeaturizeRequest;
import dev.floe.workflows.FeaturizeResult;
import dev.floe.workflows.FloeDataConverter;
import dev.floe.workflows.GenerateRequest;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records the Backfill histories BackfillReplayTest keeps (workflows/src/test/resources/histories/
 * backfill), from a real run on real tables. Run deliberately, as {@link PipelineHistoryRecorder}:
 *
 * <pre>mvn -B -pl activities -am test -Dtest=BackfillHistoryRecorder -Dsurefire.failIfNoSpecifiedTests=false -Dfloe.record-histories=true</pre>
 *
 * It never overwrites a kept history: an existing file fails the recording instead.
 */
@EnabledIfSystemProperty(named = "floe.record-histories", matches = "true")
class BackfillHistoryRecorder {
  private static final Path HISTORIES = Path.of("..", "workflows", "src", "test", "resources", "histories", "backfill");
  private static final LocalDate END = LocalDate.parse("2025-09-17");

  @TempDir Path dataDir;

  @Test
  void recordChunkedBackfill() throws IOException {
    try (FloeCatalog catalog = FloeCatalog.open(dataDir);
        BackfillActivitiesImpl activities = new BackfillActivitiesImpl(catalog);
        TestWorkflowEnvironment temporal = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
            .setUseTimeskipping(false)
            .setWorkflowClientOptions(WorkflowClientOptions.newBuilder().setDataConverter(FloeDataConverter.instance()).build())
            .build())) {
      Worker worker = temporal.newWorker(
          FeaturePipeline.TASK_QUEUE, WorkerOptions.newBuilder().setMaxConcurrentActivityExecutionSize(3).build());
      worker.registerWorkflowImplementationTypes(BackfillWorkflowImpl.class);
      worker.registerActivitiesImplementations(activities);
      temporal.start();
      new EventGenerator(catalog).generate(new GenerateRequest(50, 5_000, 25, END, 3, 1, List.of()), CommitLineage.direct("generate"));
      new Featurizer(catalog).featurize(new FeaturizeRequest(null), CommitLineage.direct("featurize"));

      FeaturizeResult result = temporal.getWorkflowClient()
          .newWorkflowStub(BackfillWorkflow.class,
              WorkflowOptions.newBuilder().setTaskQueue(FeaturePipeline.TASK_QUEUE).setWorkflowId("recorded-backfill").build())
          .run(new BackfillRequest(null, END.minusDays(20), END, 5));
      assertThat(result.committed()).isTrue();

      String version = System.getProperty("floe.version", "unknown").replace("-SNAPSHOT", "");
      Path file = HISTORIES.resolve("backfill_floe-" + version + "_chunked.json");
      assertThat(file).as("kept histories are never regenerated; add a new version instead").doesNotExist();
      Files.createDirectories(HISTORIES);
      Files.writeString(file, temporal.getWorkflowClient().fetchHistory("recorded-backfill").toJson(true));
    }
  }
}
