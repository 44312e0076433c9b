package dev.floe.metrics;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.drift.DriftReport;
import dev.floe.drift.DriftRequest;
import dev.floe.drift.FeatureDrift;
import dev.floe.error.FloeException;
import dev.floe.models.ModelRegistry;
import dev.floe.workflows.ModelCard;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Objects;
import org.apache.iceberg.Snapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drift of the latest model's features against the current user_features snapshot, as gauges
 * {@code floe_feature_drift_psi{model,feature}} and {@code floe_feature_drift_ks{model,feature}}
 * (the KS statistic D). {@link #refresh()}, called before each scrape, computes drift only when
 * the latest model or the current snapshot changed (at most once per pair, and never again for a
 * pair that failed): a scrape reads the catalog's metadata, and the model table only after a
 * registration; never the features.
 */
public final class FeatureDriftMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(FeatureDriftMetrics.class);

  private final FloeCatalog catalog;
  private final FeatureDrift drift;
  private final MultiGauge psi;
  private final MultiGauge ks;
  private Pair measured;
  private Long modelsSnapshotRead;
  private String latestModel;

  public FeatureDriftMetrics(FloeCatalog catalog, FeatureDrift drift, MeterRegistry registry) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.drift = requireNonNull(drift, "drift is null");
    requireNonNull(registry, "registry is null");
    this.psi =
        MultiGauge.builder("floe.feature.drift.psi")
            .description(
                "Population stability index of each feature of the latest model: training rows"
                    + " against the current user_features snapshot")
            .register(registry);
    this.ks =
        MultiGauge.builder("floe.feature.drift.ks")
            .description(
                "Two-sample Kolmogorov-Smirnov statistic D of each feature of the latest model:"
                    + " training rows against the current user_features snapshot")
            .register(registry);
  }

  /** Brings the gauges up to the latest model and the current snapshot, if either changed. */
  public synchronized void refresh() {
    Pair now;
    try {
      now = latest();
    } catch (FloeException e) {
      LOG.warn("Cannot read the latest model and feature snapshot for drift: {}", e.getMessage());
      return;
    }
    if (Objects.equals(now, measured)) {
      return;
    }
    measured = now;
    if (now == null) {
      show(List.of());
      return;
    }
    try {
      DriftReport report = drift.compare(DriftRequest.of(now.modelVersion(), now.snapshotId()));
      show(report.features().stream().map(f -> new Value(report.modelVersion(), f)).toList());
    } catch (FloeException e) {
      LOG.warn(
          "No drift metrics for model {} and user_features snapshot {}: {}",
          now.modelVersion(),
          now.snapshotId(),
          e.getMessage());
      show(List.of());
    }
  }

  private void show(List<Value> values) {
    psi.register(
        values.stream()
            .map(v -> MultiGauge.Row.of(v.tags(), v.feature().psi()))
            .toList(),
        true);
    ks.register(
        values.stream()
            .map(v -> MultiGauge.Row.of(v.tags(), v.feature().ksStatistic()))
            .toList(),
        true);
  }

  /** The latest model and the current user_features snapshot; null when either is missing. */
  private Pair latest() {
    if (!catalog.exists(FloeTable.MODEL_TRAINING_METADATA)
        || !catalog.exists(FloeTable.USER_FEATURES)) {
      return null;
    }
    Snapshot models = catalog.load(FloeTable.MODEL_TRAINING_METADATA).currentSnapshot();
    Snapshot current = catalog.load(FloeTable.USER_FEATURES).currentSnapshot();
    if (models == null || current == null) {
      return null;
    }
    if (!Long.valueOf(models.snapshotId()).equals(modelsSnapshotRead)) {
      List<ModelCard> cards = new ModelRegistry(catalog).list();
      latestModel = cards.isEmpty() ? null : cards.get(cards.size() - 1).modelVersion();
      modelsSnapshotRead = models.snapshotId();
    }
    return latestModel == null ? null : new Pair(latestModel, current.snapshotId());
  }

  private record Pair(String modelVersion, long snapshotId) {}

  private record Value(String modelVersion, DriftReport.FeatureComparison feature) {
    Tags tags() {
      return Tags.of("model", modelVersion, "feature", feature.name());
    }
  }
}
