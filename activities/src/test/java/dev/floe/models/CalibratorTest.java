package dev.floe.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.catalog.TableCommits;
import dev.floe.engine.DuckDb;
import dev.floe.engine.ParquetTableWriter;
import dev.floe.engine.SqlFile;
import dev.floe.error.EmptyWindowException;
import dev.floe.error.InvalidInputException;
import dev.floe.error.NotFoundException;
import dev.floe.models.FeatureFixture.Feature;
import dev.floe.workflows.CalibrateRequest;
import dev.floe.workflows.Calibration;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CalibratorTest {
  static final String TEST_SQL_HASH = "feature-sql-hash-for-tests";
  private static final LocalDate FIRST = LocalDate.parse("2025-07-01");

  @TempDir Path dataDir;
  private FloeCatalog catalog;
  private FeatureFixture fixture;
  private Calibrator calibrator;

  @BeforeEach
  void open() {
    catalog = FloeCatalog.open(dataDir);
    fixture = new FeatureFixture(catalog);
    calibrator = new Calibrator(catalog, () -> TEST_SQL_HASH);
  }

  @AfterEach
  void close() {
    catalog.close();
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.5, 0.9, 0.995, 1.0})
  void thresholdMatchesAnIndependentReference(double quantile) {
    List<Feature> features = FeatureFixture.randomFeatures(42, 37, FIRST, 45);
    long raw = fixture.appendRawEvents(FIRST, 10);
    long snapshot = fixture.appendFeatures(raw, features);
    LocalDate start = FIRST.plusDays(5);
    LocalDate end = FIRST.plusDays(24);

    Calibration calibration =
        calibrator.calibrate(
            new CalibrateRequest(snapshot, quantile, start, end, "spending_mean_7d"));

    double[] window =
        features.stream()
            .filter(f -> !f.dt().isBefore(start) && !f.dt().isAfter(end))
            .mapToDouble(f -> f.value().doubleValue())
            .toArray();
    double mean = new Mean().evaluate(window);
    double std = new StandardDeviation(false).evaluate(window);
    double[] absZ = new double[window.length];
    for (int i = 0; i < window.length; i++) {
      absZ[i] = Math.abs((window[i] - mean) / std);
    }
    double expected =
        new Percentile().withEstimationType(EstimationType.R_7).evaluate(absZ, quantile * 100);

    assertThat(window).hasSize(37 * 20);
    assertThat(calibration.trainingRows()).isEqualTo(window.length);
    assertThat(calibration.featureMean()).isCloseTo(mean, within(1e-9));
    assertThat(calibration.featureStd()).isCloseTo(std, within(1e-9));
    assertThat(calibration.threshold()).isCloseTo(expected, within(1e-9));
    assertThat(calibration.quantile()).isEqualTo(quantile);
    assertThat(calibration.featureSnapshotId()).isEqualTo(snapshot);
    assertThat(calibration.rawEventsSnapshotId()).isEqualTo(raw);
    assertThat(calibration.windowStart()).isEqualTo(start);
    assertThat(calibration.windowEnd()).isEqualTo(end);
    assertThat(calibration.featureName()).isEqualTo("spending_mean_7d");
    assertThat(calibration.sqlHash()).isEqualTo(TEST_SQL_HASH);
  }

  @Test
  void calibratingTheSameRowsAgainGivesTheSameBits() {
    long snapshot =
        fixture.appendFeatures(
            fixture.appendRawEvents(FIRST, 3), FeatureFixture.randomFeatures(11, 300, FIRST, 60));
    CalibrateRequest request = new CalibrateRequest(snapshot, null, null, null, null);

    Calibration first = calibrator.calibrate(request);

    for (int run = 0; run < 5; run++) {
      assertThat(calibrator.calibrate(request)).isEqualTo(first);
    }
  }

  @Test
  void defaultsAreTheLastThirtyDatesOfTheCurrentSnapshotAndQuantile0995() {
    List<Feature> features = FeatureFixture.randomFeatures(7, 11, FIRST, 50);
    long snapshot = fixture.appendFeatures(fixture.appendRawEvents(FIRST, 3), features);

    Calibration calibration =
        calibrator.calibrate(new CalibrateRequest(null, null, null, null, null));

    LocalDate last = FIRST.plusDays(49);
    assertThat(calibration.featureSnapshotId()).isEqualTo(snapshot);
    assertThat(calibration.windowEnd()).isEqualTo(last);
    assertThat(calibration.windowStart()).isEqualTo(last.minusDays(29));
    assertThat(calibration.trainingRows()).isEqualTo(11 * 30);
    assertThat(calibration.quantile()).isEqualTo(0.995);
    assertThat(calibration.featureName()).isEqualTo("spending_mean_7d");
  }

  @Test
  void onlyAStartDefaultsTheEndToTheLastDate() {
    fixture.appendFeatures(
        fixture.appendRawEvents(FIRST, 3), FeatureFixture.randomFeatures(7, 3, FIRST, 10));

    Calibration calibration =
        calibrator.calibrate(new CalibrateRequest(null, null, FIRST.plusDays(8), null, null));

    assertThat(calibration.windowEnd()).isEqualTo(FIRST.plusDays(9));
    assertThat(calibration.trainingRows()).isEqualTo(3 * 2);
  }

  @Test
  void aFlatWindowHasThresholdThree() {
    long raw = fixture.appendRawEvents(FIRST, 3);
    fixture.appendFeatures(
        raw,
        List.of(
            Feature.of(1, "2025-07-01", "2.57"),
            Feature.of(2, "2025-07-01", "2.57"),
            Feature.of(1, "2025-07-02", "2.57"),
            Feature.of(1, "2025-07-03", "99.00")));

    Calibration calibration =
        calibrator.calibrate(
            new CalibrateRequest(
                null, null, LocalDate.parse("2025-07-01"), LocalDate.parse("2025-07-02"), null));

    assertThat(calibration.threshold()).isEqualTo(3.0);
    assertThat(calibration.featureStd()).isZero();
    assertThat(calibration.featureMean()).isEqualTo(2.57);
    assertThat(calibration.trainingRows()).isEqualTo(3);
  }

  @Test
  void anEmptyWindowNamesTheWindowAndTheSnapshot() {
    long snapshot =
        fixture.appendFeatures(
            fixture.appendRawEvents(FIRST, 3), FeatureFixture.randomFeatures(1, 2, FIRST, 5));

    assertThatThrownBy(
            () ->
                calibrator.calibrate(
                    new CalibrateRequest(
                        null,
                        null,
                        LocalDate.parse("2025-08-01"),
                        LocalDate.parse("2025-08-30"),
                        null)))
        .isInstanceOf(EmptyWindowException.class)
        .hasMessageContaining("[2025-08-01, 2025-08-30]")
        .hasMessageContaining(Long.toString(snapshot))
        .hasMessageContaining("[2025-07-01, 2025-07-05]");
  }

  @Test
  void aSnapshotWithoutRowsIsAnEmptyWindow() throws Exception {
    Table table = catalog.loadOrCreate(FloeTable.USER_FEATURES);
    long raw = fixture.appendRawEvents(FIRST, 1);
    // An empty append still makes a snapshot: a featurize run over raw data with no events.
    table.newAppend().set(CommitLineage.RAW_SNAPSHOT_ID, Long.toString(raw)).commit();

    assertThatThrownBy(
            () -> calibrator.calibrate(new CalibrateRequest(null, null, null, null, null)))
        .isInstanceOf(EmptyWindowException.class)
        .hasMessageContaining("holds no rows");
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, -0.1, 1.0000001, 2, Double.NaN, Double.POSITIVE_INFINITY})
  void aQuantileOutsideZeroToOneIsRejected(double quantile) {
    assertThatThrownBy(
            () -> calibrator.calibrate(new CalibrateRequest(null, quantile, null, null, null)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("quantile")
        .hasMessageContaining("greater than 0 and at most 1");
  }

  @Test
  void aStartAfterTheEndIsRejected() {
    fixture.appendFeatures(
        fixture.appendRawEvents(FIRST, 3), FeatureFixture.randomFeatures(1, 2, FIRST, 5));

    assertThatThrownBy(
            () ->
                calibrator.calibrate(
                    new CalibrateRequest(
                        null,
                        null,
                        LocalDate.parse("2025-07-04"),
                        LocalDate.parse("2025-07-03"),
                        null)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Invalid training window: start 2025-07-04 is after end 2025-07-03");
  }

  @Test
  void anUnknownFeatureIsRejectedListingTheFeaturesThatExist() {
    assertThatThrownBy(
            () ->
                calibrator.calibrate(
                    new CalibrateRequest(null, null, null, null, "amount_max_30d")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Unknown feature 'amount_max_30d': the features that exist are spending_mean_7d");
  }

  @Test
  void anOlderSnapshotIsCalibratedAsItWas() {
    long firstRaw = fixture.appendRawEvents(FIRST, 3);
    List<Feature> old = FeatureFixture.randomFeatures(3, 5, FIRST, 10);
    long first = fixture.appendFeatures(firstRaw, old);
    Calibration before = calibrator.calibrate(new CalibrateRequest(first, null, null, null, null));
    long secondRaw = fixture.appendRawEvents(FIRST.plusDays(10), 3);
    fixture.replaceFeatures(secondRaw, FeatureFixture.randomFeatures(4, 9, FIRST, 12));

    Calibration after = calibrator.calibrate(new CalibrateRequest(first, null, null, null, null));
    Calibration current = calibrator.calibrate(new CalibrateRequest(null, null, null, null, null));

    assertThat(after).isEqualTo(before);
    assertThat(after.rawEventsSnapshotId()).isEqualTo(firstRaw);
    assertThat(current.rawEventsSnapshotId()).isEqualTo(secondRaw);
    assertThat(current.trainingRows()).isEqualTo(9 * 12);
  }

  @Test
  void aFeatureSnapshotWithoutItsRawSnapshotIsRejected() throws Exception {
    Table table = catalog.loadOrCreate(FloeTable.USER_FEATURES);
    try (Connection duck = DuckDb.open()) {
      TableCommits.append(
          table,
          ParquetTableWriter.write(
              duck,
              table,
              "SELECT 1::BIGINT AS user_id, DATE '2025-07-01' AS dt, 1.00::DECIMAL(15,2) AS"
                  + " spending_mean_7d, '2025-07-01' AS __partition"),
          CommitLineage.direct("featurize"),
          Map.of());
    }

    assertThatThrownBy(
            () -> calibrator.calibrate(new CalibrateRequest(null, null, null, null, null)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("does not record the raw_events snapshot")
        .hasMessageContaining(CommitLineage.RAW_SNAPSHOT_ID);
  }

  @Test
  void aMissingTableOrSnapshotIsNotFound() {
    assertThatThrownBy(
            () -> calibrator.calibrate(new CalibrateRequest(null, null, null, null, null)))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("user_features")
        .hasMessageContaining("floe featurize");

    fixture.appendFeatures(
        fixture.appendRawEvents(FIRST, 3), FeatureFixture.randomFeatures(1, 2, FIRST, 5));
    assertThatThrownBy(
            () -> calibrator.calibrate(new CalibrateRequest(123L, null, null, null, null)))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("Snapshot 123 does not exist in table user_features");
  }

  @Test
  void theDefaultCalibratorRecordsTheHashOfTheFeatureSql() {
    assumeTrue(
        Calibrator.class.getResource("/sql/" + Calibrator.FEATURE_SQL + ".sql") != null,
        "sql/gapfilled_7day_spend.sql has not landed on this branch yet");
    fixture.appendFeatures(
        fixture.appendRawEvents(FIRST, 3), FeatureFixture.randomFeatures(1, 2, FIRST, 5));

    Calibration calibration =
        new Calibrator(catalog).calibrate(new CalibrateRequest(null, null, null, null, null));

    assertThat(calibration.sqlHash())
        .isEqualTo(SqlFile.load(Calibrator.FEATURE_SQL).sha256())
        .hasSize(64);
  }
}
