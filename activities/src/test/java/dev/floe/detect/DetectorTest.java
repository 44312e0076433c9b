package dev.floe.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.error.InvalidInputException;
import dev.floe.error.NotFoundException;
import dev.floe.models.FeatureFixture;
import dev.floe.models.FeatureFixture.Feature;
import dev.floe.models.ModelRegistry;
import dev.floe.workflows.Calibration;
import dev.floe.workflows.FloeJson;
import dev.floe.workflows.ModelCard;
import dev.floe.workflows.RegisterRequest;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectorTest {
  private static final long USER = 7;
  private static final long FLAT_USER = 9;

  @TempDir Path dataDir;
  private FloeCatalog catalog;
  private Detector detector;
  private ModelCard model;

  @BeforeEach
  void registerAModelOverAHandMadeHistory() {
    catalog = FloeCatalog.open(dataDir);
    detector = new Detector(catalog);
    FeatureFixture fixture = new FeatureFixture(catalog);
    long raw = fixture.appendRawEvents(LocalDate.parse("2025-08-01"), 5);
    long features =
        fixture.appendFeatures(
            raw,
            List.of(
                Feature.of(USER, "2025-08-01", "10.00"),
                Feature.of(USER, "2025-08-02", "20.00"),
                Feature.of(USER, "2025-08-03", "30.00"),
                Feature.of(USER, "2025-08-04", "40.00"),
                Feature.of(8, "2025-08-01", "1000.00"),
                Feature.of(8, "2025-08-03", "1000.00"),
                Feature.of(FLAT_USER, "2025-08-02", "5.00"),
                Feature.of(FLAT_USER, "2025-08-03", "5.00")));
    Calibration calibration =
        new Calibration(
            features,
            raw,
            "spending_mean_7d",
            LocalDate.parse("2025-08-01"),
            LocalDate.parse("2025-08-04"),
            0.995,
            2.0,
            8,
            0,
            0,
            "hash",
            List.of());
    model =
        new ModelRegistry(catalog)
            .register(
                new RegisterRequest(calibration, Instant.parse("2025-08-05T10:00:00Z")),
                CommitLineage.direct("register"));
  }

  @AfterEach
  void close() {
    catalog.close();
  }

  @Test
  void scoresAgainstTheUsersHistoryUpToTheWindowEnd() {
    DebugReport report = detector.debug(request("60.00", null, 14));

    // History 10, 20, 30, 40: mean 25, population std sqrt(125) = 11.1803..., z = 35 / 11.1803... =
    // 3.1305
    assertThat(report.modelVersion()).isEqualTo("v20250805100000");
    assertThat(report.decision().isAnomaly()).isTrue();
    assertThat(report.decision().zScore()).isEqualTo(3.130);
    assertThat(report.decision().historicalMean()).isEqualTo(25.0);
    assertThat(report.decision().historicalStd()).isEqualTo(11.18);
    assertThat(report.decision().thresholdUsed()).isEqualTo(2.0);
    assertThat(report.decision().anomalousAbove()).isEqualByComparingTo("47.36");
    assertThat(report.decision().anomalousBelow()).isEqualByComparingTo("2.64");
    assertThat(report.why()).isEqualTo("|z-score| 3.13 exceeds threshold 2.00");
    assertThat(report.context().asOf()).isEqualTo(LocalDate.parse("2025-08-04"));
    assertThat(report.context().userId()).isEqualTo(USER);
    assertThat(report.context().asOfFeatureValue()).isEqualByComparingTo("40.00");
    assertThat(report.context().lastNFeatureValues())
        .containsExactly(
            new BigDecimal("10.00"),
            new BigDecimal("20.00"),
            new BigDecimal("30.00"),
            new BigDecimal("40.00"));
    assertThat(report.context().lastNFeatureDates())
        .containsExactly(
            LocalDate.parse("2025-08-01"),
            LocalDate.parse("2025-08-02"),
            LocalDate.parse("2025-08-03"),
            LocalDate.parse("2025-08-04"));
    assertThat(report.modelCard()).isEqualTo(model);
  }

  @Test
  void anAmountInsideTheThresholdIsNormal() {
    DebugReport report = detector.debug(request("30", null, 14));

    assertThat(report.decision().isAnomaly()).isFalse();
    assertThat(report.decision().zScore()).isEqualTo(0.447);
    assertThat(report.why()).isEqualTo("|z-score| 0.45 is within threshold 2.00");
  }

  @Test
  void asOfKeepsOnlyTheHistoryUpToThatDate() {
    DebugReport report = detector.debug(request("60.00", "2025-08-02", 14));

    // History 10, 20: mean 15, std 5, z = 45 / 5 = 9
    assertThat(report.decision().zScore()).isEqualTo(9.0);
    assertThat(report.decision().historicalMean()).isEqualTo(15.0);
    assertThat(report.decision().historicalStd()).isEqualTo(5.0);
    assertThat(report.context().asOf()).isEqualTo(LocalDate.parse("2025-08-02"));
    assertThat(report.context().asOfFeatureValue()).isEqualByComparingTo("20.00");
    assertThat(report.context().lastNFeatureDates())
        .containsExactly(LocalDate.parse("2025-08-01"), LocalDate.parse("2025-08-02"));
  }

  @Test
  void asOfAfterTheLastDateUsesTheLatestValue() {
    DebugReport report = detector.debug(request("60.00", "2025-09-30", 14));

    assertThat(report.context().asOf()).isEqualTo(LocalDate.parse("2025-09-30"));
    assertThat(report.context().asOfFeatureValue()).isEqualByComparingTo("40.00");
    assertThat(report.decision().zScore()).isEqualTo(3.130);
  }

  @Test
  void lastNKeepsTheMostRecentRowsInDateOrder() {
    DebugReport report = detector.debug(request("60.00", null, 2));

    assertThat(report.context().lastNFeatureValues())
        .containsExactly(new BigDecimal("30.00"), new BigDecimal("40.00"));
    assertThat(report.context().lastNFeatureDates())
        .containsExactly(LocalDate.parse("2025-08-03"), LocalDate.parse("2025-08-04"));
    // Only the context is cut: the decision still uses the whole history.
    assertThat(report.decision().historicalMean()).isEqualTo(25.0);
  }

  @Test
  void aFlatHistoryScoresWithAStdOfOneMillionth() {
    DebugReport same =
        detector.debug(
            new DebugRequest(model.modelVersion(), FLAT_USER, new BigDecimal("5.00"), null, 14));
    DebugReport oneCentMore =
        detector.debug(
            new DebugRequest(model.modelVersion(), FLAT_USER, new BigDecimal("5.01"), null, 14));

    assertThat(same.decision().isAnomaly()).isFalse();
    assertThat(same.decision().zScore()).isZero();
    assertThat(same.decision().historicalStd()).isZero();
    assertThat(oneCentMore.decision().isAnomaly()).isTrue();
    assertThat(oneCentMore.decision().zScore()).isCloseTo(10_000, within(0.001));
  }

  @Test
  void theReportHasTheSeedsKeysInOrder() throws Exception {
    JsonNode json =
        FloeJson.mapper()
            .readTree(
                FloeJson.mapper().writeValueAsString(detector.debug(request("60.00", null, 2))));

    assertThat(fieldNames(json))
        .containsExactly("model_version", "decision", "why", "context", "model_card");
    assertThat(fieldNames(json.get("decision")))
        .startsWith("is_anomaly", "z_score", "historical_mean", "historical_std", "threshold_used");
    assertThat(fieldNames(json.get("context")))
        .containsExactly(
            "as_of",
            "user_id",
            "as_of_feature_value",
            "last_n_feature_values",
            "last_n_feature_dates");
    assertThat(fieldNames(json.get("model_card")))
        .contains(
            "trained_at",
            "feature_snapshot_id",
            "raw_events_snapshot_id",
            "feature_name",
            "decision_threshold",
            "training_window_start",
            "training_window_end",
            "quantile");
    assertThat(json.get("decision").get("is_anomaly").asBoolean()).isTrue();
    assertThat(json.get("context").get("as_of").asText()).isEqualTo("2025-08-04");
    assertThat(json.get("context").get("last_n_feature_dates").get(0).asText())
        .isEqualTo("2025-08-03");
    assertThat(json.get("context").get("last_n_feature_values").get(1).decimalValue())
        .isEqualByComparingTo("40.00");
  }

  @Test
  void aUserWithoutHistoryIsNotFound() {
    assertThatThrownBy(
            () ->
                detector.debug(
                    new DebugRequest(model.modelVersion(), 12345, BigDecimal.ONE, null, 14)))
        .isInstanceOf(NotFoundException.class)
        .hasMessage(
            "User 12345 has no spending_mean_7d history up to 2025-08-04 in feature snapshot "
                + model.featureSnapshotId()
                + " of model v20250805100000");
    assertThatThrownBy(() -> detector.debug(request("1", "2025-07-31", 14)))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("User 7 has no spending_mean_7d history up to 2025-07-31");
  }

  @Test
  void anUnknownModelIsNotFound() {
    assertThatThrownBy(
            () ->
                detector.debug(new DebugRequest("v19990101000000", USER, BigDecimal.ONE, null, 14)))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("Unknown model version 'v19990101000000': known versions are v20250805100000");
  }

  @Test
  void invalidRequestsAreRejected() {
    assertThatThrownBy(() -> request("-0.01", null, 14))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Invalid amount -0.01: it must be at least 0");
    assertThatThrownBy(() -> request("1.234", null, 14))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Invalid amount 1.234: money has at most 2 decimals");
    assertThatThrownBy(() -> request("1", null, 0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Invalid last-n 0: it must be at least 1");
    assertThatThrownBy(() -> new DebugRequest(" ", USER, BigDecimal.ONE, null, 14))
        .isInstanceOf(InvalidInputException.class);
    assertThat(request("1.230", null, 14).amount()).isEqualByComparingTo("1.23");
  }

  @Test
  void whyShowsMoreDecimalsWhenTwoWouldPrintBothNumbersEqual() {
    assertThat(Detector.why(2.0041, 2.0012, true))
        .isEqualTo("|z-score| 2.004 exceeds threshold 2.001");
    assertThat(Detector.why(2.0, 2.0, false)).isEqualTo("|z-score| 2.00 is within threshold 2.00");
  }

  private DebugRequest request(String amount, String asOf, int lastN) {
    return new DebugRequest(
        model.modelVersion(),
        USER,
        new BigDecimal(amount),
        asOf == null ? null : LocalDate.parse(asOf),
        lastN);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
