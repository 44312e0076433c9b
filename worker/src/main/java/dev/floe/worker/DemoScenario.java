package dev.floe.worker;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.activities.PipelineActivitiesImpl;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.detect.DebugReport;
import dev.floe.detect.DebugRequest;
import dev.floe.detect.Detector;
import dev.floe.engine.DuckDb;
import dev.floe.engine.SnapshotFiles;
import dev.floe.engine.SqlFile;
import dev.floe.error.NotFoundException;
import dev.floe.error.StorageException;
import dev.floe.workflows.AnomalyOutcome;
import dev.floe.models.ModelRegistry;
import dev.floe.workflows.FloeJson;
import dev.floe.workflows.ModelCard;
import dev.floe.workflows.PipelineInput;
import dev.floe.workflows.PipelineResult;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The demo's story, in one place: generate a month of transactions with one injected anomaly
 * (anomaly_files/single_user.json: user 42, day 5, x10), build features, train a model, and explain
 * the anomalous transaction with it. The pipeline runs as a {@code FeaturePipeline} workflow on a
 * Temporal server and worker embedded in this process, exactly as {@code floe run} does.
 */
record DemoScenario(int users, long events, int days, LocalDate endDate, long seed) {
  // About one event per user every second day: a user's 7-day mean spend is then small next to one
  // x10 amount, so the injected anomaly stands out (with seed 42: z about 16 against a threshold
  // near 3.7), and the whole demo takes seconds.
  static final String ANOMALY_FILE = "single_user.json";
  static final int DEFAULT_USERS = 2000;
  static final long DEFAULT_EVENTS = 30_000;
  static final int DEFAULT_DAYS = 30;
  static final long DEFAULT_SEED = 42;

  DemoScenario {
    requireNonNull(endDate, "endDate is null");
  }

  /** The injected anomaly as the demo explains it: who, when, and the amount paid. */
  record Anomaly(long userId, LocalDate date, BigDecimal amount) {}

  /** Everything the demo did: the workflow run, the model it registered, and the explanation. */
  record Steps(PipelineResult pipeline, ModelCard model, Anomaly anomaly, DebugReport report) {}

  /** The workflow input: the packaged anomaly specs travel inline, so no worker needs the file. */
  PipelineInput pipelineInput() {
    return new PipelineInput(
        PipelineInput.SOURCE_GENERATE, users, events, days, endDate, seed, 1, null,
        packagedAnomalies(), null, null, null, null, null);
  }

  Steps run(FloeCatalog catalog) {
    PipelineResult pipeline;
    try (TemporalConnection connection = TemporalConnection.embedded();
        PipelineActivitiesImpl activities = new PipelineActivitiesImpl(catalog);
        PipelineWorker worker = PipelineWorker.start(connection, activities)) {
      PipelineClient client = new PipelineClient(connection);
      String workflowId = PipelineClient.newWorkflowId();
      client.start(pipelineInput(), workflowId);
      pipeline = client.await(workflowId);
    }
    ModelCard model = new ModelRegistry(catalog).find(pipeline.modelVersion());
    Anomaly anomaly = anomalyToExplain(catalog, pipeline);
    DebugReport report =
        new Detector(catalog)
            .debug(
                new DebugRequest(
                    model.modelVersion(),
                    anomaly.userId(),
                    anomaly.amount(),
                    anomaly.date(),
                    DebugRequest.DEFAULT_LAST_N));
    return new Steps(pipeline, model, anomaly, report);
  }

  /** The first injected anomaly, with the amount it left in the run's raw snapshot. */
  static Anomaly anomalyToExplain(FloeCatalog catalog, PipelineResult pipeline) {
    if (pipeline.anomalies().isEmpty()) {
      throw new IllegalStateException("The demo generated no anomaly to explain");
    }
    AnomalyOutcome outcome = pipeline.anomalies().get(0);
    SnapshotFiles raw =
        SnapshotFiles.of(catalog.load(FloeTable.RAW_EVENTS), pipeline.rawSnapshotId());
    String sql =
        SqlFile.load("largest_amount_of_user_on_date").render(Map.of("raw_events", raw.relation()));
    try (Connection connection = DuckDb.open();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, outcome.userId());
      statement.setObject(2, outcome.date());
      try (ResultSet row = statement.executeQuery()) {
        BigDecimal amount = row.next() ? row.getBigDecimal(1) : null;
        if (amount == null) {
          throw new NotFoundException(
              "No transaction of user "
                  + outcome.userId()
                  + " on "
                  + outcome.date()
                  + " in snapshot "
                  + pipeline.rawSnapshotId());
        }
        return new Anomaly(outcome.userId(), outcome.date(), amount);
      }
    } catch (SQLException e) {
      throw new StorageException("Cannot find the demo's anomalous amount: " + e.getMessage(), e);
    }
  }

  /** The specs shipped in anomaly_files/, as the JSON the workflow input carries inline. */
  static JsonNode packagedAnomalies() {
    String resource = "/anomaly_files/" + ANOMALY_FILE;
    try (InputStream in = DemoScenario.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + resource);
      }
      return FloeJson.mapper().readTree(in);
    } catch (IOException e) {
      throw new StorageException("Cannot read " + resource + ": " + e.getMessage(), e);
    }
  }
}
