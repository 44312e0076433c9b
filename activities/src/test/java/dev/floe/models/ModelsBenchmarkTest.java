package dev.floe.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.detect.DebugReport;
import dev.floe.detect.DebugRequest;
import dev.floe.detect.Detector;
import dev.floe.workflows.CalibrateRequest;
import dev.floe.workflows.Calibration;
import dev.floe.workflows.ModelCard;
import dev.floe.workflows.RegisterRequest;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Times calibration, registration, one debug call and a training-data export on a feature snapshot
 * of the benchmark's size (100k users × 90 dates = 9M rows, one file per date sorted by dt,
 * user_id, as the featurizer writes them). A measurement, not a timed assertion; run it with {@code
 * -Dfloe.bench=true -Dtest=ModelsBenchmarkTest}.
 */
@EnabledIfSystemProperty(named = "floe.bench", matches = "true")
class ModelsBenchmarkTest {
  private static final int USERS = 100_000;
  private static final int DAYS = 90;

  @TempDir Path dataDir;
  @TempDir Path out;

  @Test
  void modelStepsOnNineMillionFeatureRows() {
    try (FloeCatalog catalog = FloeCatalog.open(dataDir)) {
      FeatureFixture fixture = new FeatureFixture(catalog);
      long raw = fixture.appendRawEvents(LocalDate.parse("2025-06-20"), 1000);
      time(
          "write + commit 9M feature rows (fixture)",
          () ->
              fixture.appendFeaturesFromSql(
                  raw,
                  "SELECT u AS user_id, DATE '2025-06-20' + d::INTEGER AS dt,"
                      + " (random() * 100)::DECIMAL(15,2) AS spending_mean_7d"
                      + " FROM range("
                      + USERS
                      + ") a(u), range("
                      + DAYS
                      + ") b(d)"));

      Calibration calibration =
          time(
              "calibrate (default window, 3M rows)",
              () ->
                  new Calibrator(catalog, () -> "bench")
                      .calibrate(new CalibrateRequest(null, null, null, null, null)));
      assertThat(calibration.trainingRows()).isEqualTo(USERS * 30L);
      ModelCard model =
          time(
              "register (row + 2 tags)",
              () ->
                  new ModelRegistry(catalog)
                      .register(
                          new RegisterRequest(calibration, Instant.now()),
                          CommitLineage.direct("register")));

      Detector detector = new Detector(catalog);
      for (int call = 1; call <= 5; call++) {
        long user = 12_345L * call;
        DebugReport report =
            time(
                "debug call " + call + " (user " + user + ")",
                () ->
                    detector.debug(
                        new DebugRequest(
                            model.modelVersion(), user, new BigDecimal("250.00"), null, 14)));
        assertThat(report.context().lastNFeatureDates()).hasSize(14);
      }
      ModelData data = new ModelData(catalog);
      time(
          "training data -> parquet (3M rows)",
          () -> data.trainingData(model.modelVersion()).writeTo(out.resolve("t.parquet")));
      time(
          "training data -> csv (3M rows)",
          () -> data.trainingData(model.modelVersion()).writeTo(out.resolve("t.csv")));
    }
  }

  private static <T> T time(String step, Supplier<T> action) {
    long started = System.nanoTime();
    T result = action.get();
    System.out.printf(
        Locale.ROOT, "BENCH %-45s %8.1f ms%n", step, (System.nanoTime() - started) / 1e6);
    return result;
  }
}
