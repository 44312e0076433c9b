package dev.floe.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.engine.SqlFile;
import dev.floe.error.NotFoundException;
import dev.floe.features.Featurizer;
import dev.floe.generate.EventGenerator;
import dev.floe.workflows.CalibrateRequest;
import dev.floe.workflows.Calibration;
import dev.floe.workflows.FeaturizeRequest;
import dev.floe.workflows.GenerateRequest;
import dev.floe.workflows.ModelCard;
import dev.floe.workflows.RegisterRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelReproducerTest {
  private static final LocalDate END = LocalDate.parse("2025-09-30");

  @TempDir Path dataDir;
  private FloeCatalog catalog;
  private ModelReproducer reproducer;

  @BeforeEach
  void open() {
    catalog = FloeCatalog.open(dataDir);
    reproducer = new ModelReproducer(catalog);
  }

  @AfterEach
  void close() {
    catalog.close();
  }

  @Test
  void modelsTrainedOnFullAndIncrementalFeaturesAreReproducedExactly() {
    generate(1, END.minusDays(5));
    ModelCard first = train(Instant.parse("2025-09-26T08:00:00Z"), realSqlHash());
    // New days land: the featurizer recomputes only the dates they touch.
    generate(2, END);
    ModelCard second = train(Instant.parse("2025-10-01T08:00:00Z"), realSqlHash());

    for (ModelCard model : List.of(first, second)) {
      Reproduction reproduction = reproducer.reproduce(model.modelVersion());

      assertThat(reproduction.differences()).as(model.modelVersion()).isEmpty();
      assertThat(reproduction.reproduced()).isTrue();
      assertThat(reproduction.verdict()).startsWith("REPRODUCED: model " + model.modelVersion());
      assertThat(reproduction.recomputedFeatureRows())
          .isEqualTo(reproduction.recordedFeatureRows())
          .isPositive();
      assertThat(reproduction.recomputedFingerprint())
          .isEqualTo(reproduction.recordedFingerprint());
      assertThat(reproduction.recomputedThreshold()).isEqualTo(model.decisionThreshold());
      assertThat(reproduction.recomputedTrainingRows()).isEqualTo(model.trainingRows());
    }
    assertThat(reproducer.reproduce(first.modelVersion()).recordedFingerprint())
        .isNotEqualTo(reproducer.reproduce(second.modelVersion()).recordedFingerprint());
  }

  @Test
  void aFeatureSnapshotThatItsRawSnapshotDoesNotGiveIsNotReproduced() {
    long raw = generate(1, END);
    new Featurizer(catalog).featurize(new FeaturizeRequest(null), CommitLineage.direct("featurize"));
    // One row the raw events cannot explain, committed as if featurize had built it from them.
    new FeatureFixture(catalog)
        .appendFeaturesFromSql(
            raw, "SELECT 0::BIGINT AS user_id, DATE '2025-10-01' AS dt, 5.00::DECIMAL(15, 2) AS spending_mean_7d");
    ModelCard model =
        register(
            new Calibrator(catalog, realSqlHash())
                .calibrate(new CalibrateRequest(null, null, null, null, null)),
            Instant.parse("2025-10-02T08:00:00Z"));

    Reproduction reproduction = reproducer.reproduce(model.modelVersion());

    assertThat(reproduction.reproduced()).isFalse();
    assertThat(reproduction.recordedFeatureRows())
        .isEqualTo(reproduction.recomputedFeatureRows() + 1);
    assertThat(reproduction.verdict())
        .startsWith("NOT REPRODUCED: model " + model.modelVersion())
        .contains("recomputed features differ from feature snapshot " + model.featureSnapshotId());
  }

  @Test
  void aModelWhoseFeatureSqlChangedSaysSo() {
    generate(1, END);
    ModelCard model = train(Instant.parse("2025-10-01T08:00:00Z"), () -> "sha-of-older-sql");

    Reproduction reproduction = reproducer.reproduce(model.modelVersion());

    assertThat(reproduction.reproduced()).isFalse();
    assertThat(reproduction.differences())
        .containsExactly(
            "the feature SQL changed since training: recorded sha256 sha-of-older-sql, today "
                + realSqlHash().get()
                + "; the features were recomputed with today's SQL");
    assertThat(reproduction.recomputedFingerprint()).isEqualTo(reproduction.recordedFingerprint());
  }

  @Test
  void anUnknownModelIsNotFound() {
    generate(1, END);
    train(Instant.parse("2025-10-01T08:00:00Z"), realSqlHash());

    assertThatThrownBy(() -> reproducer.reproduce("v19990101000000"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageStartingWith("Unknown model version 'v19990101000000'");
  }

  private long generate(long seed, LocalDate end) {
    return new EventGenerator(catalog)
        .generate(
            new GenerateRequest(50, 3_000, 40, end, seed, 1, List.of()),
            CommitLineage.direct("generate"))
        .snapshotId();
  }

  private ModelCard train(Instant startedAt, Supplier<String> sqlHash) {
    new Featurizer(catalog).featurize(new FeaturizeRequest(null), CommitLineage.direct("featurize"));
    return register(
        new Calibrator(catalog, sqlHash)
            .calibrate(new CalibrateRequest(null, null, null, null, null)),
        startedAt);
  }

  private ModelCard register(Calibration calibration, Instant startedAt) {
    return new ModelRegistry(catalog)
        .register(new RegisterRequest(calibration, startedAt), CommitLineage.direct("register"));
  }

  private Supplier<String> realSqlHash() {
    return () -> SqlFile.load(Featurizer.FEATURE_SQL).sha256();
  }
}
