package dev.floe.worker;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.CommitLineage;
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
import dev.floe.generate.AnomalySpecs;
import dev.floe.workflows.AnomalyOutcome;
import dev.floe.workflows.AnomalySpec;
import dev.floe.workflows.CalibrateRequest;
import dev.floe.workflows.FeaturizeResult;
import dev.floe.workflows.GenerateRequest;
import dev.floe.workflows.GenerateResult;
import dev.floe.workflows.ModelCard;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The demo's story, in one place: generate a month of transactions with one injected anomaly
 * (anomaly_files/single_user.json: user 42, day 5, x10), build features, train a model, and explain
 * the anomalous transaction with it. {@link #run} does the steps directly; a workflow can run the
 * same steps from {@link #generateRequest()} and then {@link #anomalyToExplain}.
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

  /** Everything the demo did, in order. */
  record Steps(
      GenerateResult generate,
      FeaturizeResult featurize,
      ModelCard model,
      Anomaly anomaly,
      DebugReport report) {}

  GenerateRequest generateRequest() {
    return new GenerateRequest(users, events, days, endDate, seed, 1, packagedAnomalies());
  }

  Steps run(FloeCatalog catalog) {
    CommitLineage lineage = CommitLineage.direct("generate");
    GenerateResult generated = GenerateCommand.generate(catalog, generateRequest(), lineage);
    FeaturizeResult featurized =
        FeaturizeCommand.featurize(catalog, generated.snapshotId(), lineage.withStep("featurize"));
    ModelCard model =
        TrainCommand.train(
            catalog,
            new CalibrateRequest(featurized.snapshotId(), null, null, null, null),
            lineage.withStep("register"),
            Instant.now());
    Anomaly anomaly = anomalyToExplain(catalog, generated);
    DebugReport report =
        new Detector(catalog)
            .debug(
                new DebugRequest(
                    model.modelVersion(),
                    anomaly.userId(),
                    anomaly.amount(),
                    anomaly.date(),
                    DebugRequest.DEFAULT_LAST_N));
    return new Steps(generated, featurized, model, anomaly, report);
  }

  /** The first injected anomaly, with the amount it left in the generated snapshot. */
  static Anomaly anomalyToExplain(FloeCatalog catalog, GenerateResult generated) {
    if (generated.anomalies().isEmpty()) {
      throw new IllegalStateException("The demo generated no anomaly to explain");
    }
    AnomalyOutcome outcome = generated.anomalies().get(0);
    SnapshotFiles raw =
        SnapshotFiles.of(catalog.load(FloeTable.RAW_EVENTS), generated.snapshotId());
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
                  + generated.snapshotId());
        }
        return new Anomaly(outcome.userId(), outcome.date(), amount);
      }
    } catch (SQLException e) {
      throw new StorageException("Cannot find the demo's anomalous amount: " + e.getMessage(), e);
    }
  }

  /** The specs shipped in anomaly_files/, read by the same reader as a user's --anomaly-file. */
  static List<AnomalySpec> packagedAnomalies() {
    String resource = "/anomaly_files/" + ANOMALY_FILE;
    try (InputStream in = DemoScenario.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + resource);
      }
      Path copy = Files.createTempFile("floe-demo-", "-" + ANOMALY_FILE);
      try {
        Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        return AnomalySpecs.read(copy);
      } finally {
        Files.deleteIfExists(copy);
      }
    } catch (IOException e) {
      throw new StorageException("Cannot read " + resource + ": " + e.getMessage(), e);
    }
  }
}
