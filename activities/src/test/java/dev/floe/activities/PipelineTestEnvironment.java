package dev.floe.activities;

import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.engine.DuckDb;
import dev.floe.engine.SnapshotFiles;
import dev.floe.workflows.FeaturePipeline;
import dev.floe.workflows.FeaturePipelineImpl;
import dev.floe.workflows.FloeDataConverter;
import dev.floe.workflows.PipelineActivities;
import dev.floe.workflows.PipelineInput;
import dev.floe.workflows.PipelineMemo.SearchAttributeSupport;
import dev.floe.workflows.PipelineResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.StreamSupport;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * The real pipeline end to end: the workflow on Temporal's test server (real time, no skipping:
 * the steps take real time) and the real steps on Iceberg tables in a temporary directory.
 */
final class PipelineTestEnvironment implements AutoCloseable {
  final FloeCatalog catalog;
  private final PipelineActivitiesImpl activities;
  private final TestWorkflowEnvironment temporal;

  private PipelineTestEnvironment(Path dataDir, UnaryOperator<PipelineActivities> wrap, int concurrentActivities) {
    this.catalog = FloeCatalog.open(dataDir);
    this.activities = new PipelineActivitiesImpl(catalog);
    this.temporal = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setUseTimeskipping(false)
        .setWorkflowClientOptions(WorkflowClientOptions.newBuilder().setDataConverter(FloeDataConverter.instance()).build())
        .build());
    Worker worker = temporal.newWorker(FeaturePipeline.TASK_QUEUE,
        WorkerOptions.newBuilder().setMaxConcurrentActivityExecutionSize(concurrentActivities).build());
    FeaturePipelineImpl.registerOn(worker, SearchAttributeSupport.UNAVAILABLE);
    worker.registerActivitiesImplementations(wrap.apply(activities));
    temporal.start();
  }

  static PipelineTestEnvironment start(Path dataDir) {
    return new PipelineTestEnvironment(dataDir, UnaryOperator.identity(), 2);
  }

  /** With the activities wrapped, e.g. to inject faults around the real steps. */
  static PipelineTestEnvironment start(Path dataDir, UnaryOperator<PipelineActivities> wrap, int concurrentActivities) {
    return new PipelineTestEnvironment(dataDir, wrap, concurrentActivities);
  }

  WorkflowClient client() {
    return temporal.getWorkflowClient();
  }

  TestWorkflowEnvironment temporal() {
    return temporal;
  }

  FeaturePipeline newPipeline(String workflowId) {
    return client().newWorkflowStub(FeaturePipeline.class,
        WorkflowOptions.newBuilder().setTaskQueue(FeaturePipeline.TASK_QUEUE).setWorkflowId(workflowId).build());
  }

  PipelineResult run(String workflowId, PipelineInput input) {
    return newPipeline(workflowId).run(input);
  }

  List<Snapshot> snapshots(FloeTable table) {
    if (!catalog.exists(table)) {
      return List.of();
    }
    Table loaded = catalog.load(table);
    return StreamSupport.stream(loaded.snapshots().spliterator(), false).toList();
  }

  /** One row of {@code select} over the table's current snapshot, substituted for {@code {{table}}}. */
  List<Object> queryCurrent(FloeTable table, String select) {
    Table loaded = catalog.load(table);
    String relation = SnapshotFiles.of(loaded, loaded.currentSnapshot().snapshotId()).relation();
    try (Connection connection = DuckDb.open();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(select.replace("{{table}}", relation))) {
      rows.next();
      List<Object> row = new ArrayList<>();
      for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
        row.add(rows.getObject(column));
      }
      return row;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    temporal.close();
    activities.close();
    catalog.close();
  }
}
