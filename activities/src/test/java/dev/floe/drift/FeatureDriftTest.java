package dev.floe.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.error.InvalidInputException;
import dev.floe.error.NotFoundException;
import dev.floe.models.Calibrator;
import dev.floe.models.FeatureFixture;
import dev.floe.models.FeatureFixture.Feature;
import dev.floe.models.ModelRegistry;
import dev.floe.workflows.CalibrateRequest;
import dev.floe.workflows.ModelCard;
import dev.floe.workflows.RegisterRequest;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drift on real Iceberg tables: a model's training rows against later feature snapshots. */
class FeatureDriftTest {
  private static final LocalDate FIRST = LocalDate.parse("2025-08-01");

  @TempDir Path dataDir;
  private FloeCatalog catalog;
  private FeatureFixture fixture;
  private FeatureDrift drift;
  private ModelCard model;
  private long trainingSnapshot;

  @BeforeEach
  void trainOnFortyDays() {
    catalog = FloeCatalog.open(dataDir);
    fixture = new FeatureFixture(catalog);
    drift = new FeatureDrift(catalog);
    long raw = fixture.appendRawEvents(FIRST, 50);
    trainingSnapshot = fixture.appendFeatures(raw, FeatureFixture.randomFeatures(1, 60, FIRST, 40));
    model =
        new ModelRegistry(catalog)
            .register(
                new RegisterRequest(
                    new Calibrator(catalog).calibrate(new CalibrateRequest(null, null, null, null, null)),
                    Instant.parse("2025-09-10T08:00:00Z")),
                CommitLineage.direct("register"));
  }

  @AfterEach
  void close() {
    catalog.close();
  }

  @Test
  void theModelsOwnSnapshotHasNoDrift() {
    DriftReport report = drift.compare(DriftRequest.of(model.modelVersion(), null));

    assertThat(report.currentSnapshotId()).isEqualTo(trainingSnapshot);
    assertThat(report.currentWindowStart()).isEqualTo(model.trainingWindowStart());
    assertThat(report.currentWindowEnd()).isEqualTo(model.trainingWindowEnd());
    assertThat(report.drifted()).isFalse();
    DriftReport.FeatureComparison feature = report.features().get(0);
    assertThat(feature.name()).isEqualTo("spending_mean_7d");
    assertThat(feature.psi()).isZero();
    assertThat(feature.ksStatistic()).isZero();
    assertThat(feature.referenceRows()).isEqualTo(model.trainingRows()).isEqualTo(60 * 30);
    assertThat(feature.currentRows()).isEqualTo(feature.referenceRows());
    assertThat(feature.referenceProportions()).isEqualTo(feature.currentProportions());
  }

  @Test
  void aShiftedLaterWindowDriftsAndALikeOneDoesNot() {
    long raw = fixture.appendRawEvents(FIRST.plusDays(40), 10);
    long alike =
        fixture.appendFeatures(raw, FeatureFixture.randomFeatures(2, 60, FIRST.plusDays(40), 30));
    List<Feature> shifted =
        FeatureFixture.randomFeatures(3, 60, FIRST.plusDays(70), 30).stream()
            .map(f -> new Feature(f.userId(), f.dt(), f.value().multiply(BigDecimal.valueOf(2))))
            .toList();
    long later = fixture.appendFeatures(raw, shifted);

    DriftReport same = drift.compare(DriftRequest.of(model.modelVersion(), alike));
    assertThat(same.currentWindowStart()).isEqualTo(FIRST.plusDays(40));
    assertThat(same.currentWindowEnd()).isEqualTo(FIRST.plusDays(69));
    assertThat(same.features().get(0).currentRows()).isEqualTo(60 * 30);
    assertThat(same.features().get(0).ksStatistic()).isPositive().isLessThan(0.1);
    assertThat(same.features().get(0).psi()).isPositive().isLessThan(0.2);
    assertThat(same.drifted()).isFalse();

    DriftReport report = drift.compare(DriftRequest.of(model.modelVersion(), null));
    assertThat(report.currentSnapshotId()).isEqualTo(later);
    assertThat(report.currentWindowEnd()).isEqualTo(FIRST.plusDays(99));
    DriftReport.FeatureComparison feature = report.features().get(0);
    assertThat(feature.psi()).isGreaterThan(0.2);
    assertThat(feature.ksStatistic()).isGreaterThan(0.1);
    assertThat(feature.ksPValue()).isLessThan(1e-6);
    assertThat(feature.drifted()).isTrue();
    assertThat(report.drifted()).isTrue();
    // A higher threshold for both measures passes the same data.
    assertThat(drift.compare(new DriftRequest(model.modelVersion(), null, 100, 1)).drifted()).isFalse();
    // Asked again: the kept report, not a new scan.
    assertThat(drift.compare(DriftRequest.of(model.modelVersion(), null))).isSameAs(report);
    assertThat(drift.kept(model.modelVersion(), later)).containsSame(report);
  }

  @Test
  void anUnknownModelSnapshotOrThresholdIsRefused() {
    assertThatThrownBy(() -> drift.compare(DriftRequest.of("v19990101000000", null)))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("v19990101000000");
    assertThatThrownBy(() -> drift.compare(DriftRequest.of(model.modelVersion(), 42L)))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("Snapshot 42 does not exist in table user_features");
    assertThatThrownBy(() -> new DriftRequest(model.modelVersion(), null, -0.2, 0.1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("PSI threshold -0.2");
    assertThatThrownBy(() -> new DriftRequest(model.modelVersion(), null, 0.2, 1.5))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("KS threshold 1.5");
    assertThatThrownBy(() -> new DriftRequest(model.modelVersion(), null, Double.NaN, 0.1))
        .isInstanceOf(InvalidInputException.class);
  }
}
