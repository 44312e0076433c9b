package dev.floe.metrics;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.pointintime.FeatureDates;
import dev.floe.pointintime.KnownTime;
import dev.floe.serving.OnlineStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.ToDoubleFunction;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * Floe's freshness metrics in a process's Micrometer registry, scraped as Prometheus text ({@link
 * #scrape()}, what {@code GET /metrics} returns): table freshness read from the catalog at scrape
 * time and the online store's lag. The same registry takes whatever else the process reports:
 * pipeline runs and steps ({@link PipelineMetricsInterceptor}) and the Temporal SDK's own metrics,
 * so one scrape holds all of them.
 */
public final class FloeMetrics {
  /** The Prometheus text exposition format, what {@link #scrape()} writes. */
  public static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final Duration REPORT_REUSE = Duration.ofSeconds(1);

  private final FloeCatalog catalog;
  private final OnlineStore store;
  private final Duration ttl;
  private final Clock clock;
  private final PrometheusMeterRegistry registry;
  private FreshnessReport lastReport;
  private long newestDateOfSnapshot = -1;
  private LocalDate newestDate;

  /** A registry of its own; {@code store} may be null in a process that serves no online features. */
  public FloeMetrics(FloeCatalog catalog, OnlineStore store, Duration ttl, Clock clock) {
    this(catalog, store, ttl, clock, newRegistry());
  }

  /** Registers the freshness gauges in {@code registry}, the process's one registry. */
  public FloeMetrics(FloeCatalog catalog, OnlineStore store, Duration ttl, Clock clock, PrometheusMeterRegistry registry) {
    this.registry = requireNonNull(registry, "registry is null");
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.store = store;
    this.ttl = requireNonNull(ttl, "ttl is null");
    this.clock = requireNonNull(clock, "clock is null");
    for (FloeTable table : FloeTable.values()) {
      gauge(
          "floe.table.last.commit.age",
          "Seconds since the table's last commit",
          "seconds",
          report -> tableAge(report, table.tableName()),
          "table",
          table.tableName());
    }
    gauge(
        "floe.user.features.newest.dt.age",
        "Seconds since the newest user_features row became known (dt + 1 day 00:00 UTC)",
        "seconds",
        report -> orNaN(report.newestFeatureAgeSeconds()));
    gauge(
        "floe.user.features.stale",
        "1 when the newest user_features row is older than the TTL",
        null,
        report -> report.featuresStale() ? 1 : 0);
    if (store != null) {
      gauge(
          "floe.online.store.snapshot.lag",
          "user_features snapshots committed since the one the online store serves",
          null,
          report -> orNaN(report.onlineSnapshotsBehind()));
      gauge(
          "floe.online.store.lag",
          "Seconds the oldest user_features snapshot not yet served has waited",
          "seconds",
          report -> orNaN(report.onlineLagSeconds()));
    }
  }

  /** A registry that scrapes as Prometheus text, for one process. */
  public static PrometheusMeterRegistry newRegistry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition of every metric. */
  public String scrape() {
    return registry.scrape();
  }

  /** The freshness now (reused for a second, so one scrape reads the catalog once). */
  public synchronized FreshnessReport report() {
    Instant now = clock.instant();
    if (lastReport != null && Duration.between(lastReport.at(), now).compareTo(REPORT_REUSE) < 0) {
      return lastReport;
    }
    List<TableFreshness> tables = new ArrayList<>();
    Table features = null;
    for (FloeTable table : FloeTable.values()) {
      if (!catalog.exists(table)) {
        tables.add(new TableFreshness(table.tableName(), null, null, null));
        continue;
      }
      Table loaded = catalog.load(table);
      if (table == FloeTable.USER_FEATURES) {
        features = loaded;
      }
      Snapshot current = loaded.currentSnapshot();
      tables.add(
          current == null
              ? new TableFreshness(table.tableName(), null, null, null)
              : new TableFreshness(
                  table.tableName(),
                  current.snapshotId(),
                  Instant.ofEpochMilli(current.timestampMillis()),
                  Duration.between(Instant.ofEpochMilli(current.timestampMillis()), now).toSeconds()));
    }
    LocalDate newest = features == null ? null : newestDate(features);
    Long newestAge = newest == null ? null : Duration.between(KnownTime.knownFrom(newest), now).toSeconds();
    Long served = null;
    Integer behind = null;
    Long lag = null;
    if (store != null && features != null && features.currentSnapshot() != null) {
      OptionalLong servedId = store.servedSnapshotId();
      served = servedId.isPresent() ? servedId.getAsLong() : null;
      List<Snapshot> waiting = snapshotsAfter(features, served);
      behind = waiting.size();
      lag = waiting.isEmpty() ? 0L : Duration.between(Instant.ofEpochMilli(waiting.get(0).timestampMillis()), now).toSeconds();
    }
    lastReport =
        new FreshnessReport(
            now, tables, newest, newestAge, ttl, newestAge != null && newestAge > ttl.toSeconds(), served, behind, lag);
    return lastReport;
  }

  /** The current snapshot's ancestors newer than {@code served}, oldest first (all of them if none is served). */
  private static List<Snapshot> snapshotsAfter(Table table, Long served) {
    List<Snapshot> newerFirst = new ArrayList<>();
    for (Snapshot snapshot : SnapshotUtil.currentAncestors(table)) {
      if (served != null && snapshot.snapshotId() == served) {
        break;
      }
      newerFirst.add(snapshot);
    }
    java.util.Collections.reverse(newerFirst);
    return newerFirst;
  }

  /** The newest dt partition of the current snapshot, from Iceberg's metadata; cached per snapshot. */
  private LocalDate newestDate(Table table) {
    Snapshot current = table.currentSnapshot();
    if (current == null) {
      return null;
    }
    if (current.snapshotId() == newestDateOfSnapshot) {
      return newestDate;
    }
    newestDateOfSnapshot = current.snapshotId();
    newestDate = FeatureDates.newest(table, current.snapshotId()).orElse(null);
    return newestDate;
  }

  private void gauge(
      String name, String description, String unit, ToDoubleFunction<FreshnessReport> value, String... tags) {
    Gauge.Builder<FloeMetrics> builder =
        Gauge.builder(name, this, metrics -> value.applyAsDouble(metrics.report())).description(description).tags(tags);
    if (unit != null) {
      builder.baseUnit(unit);
    }
    builder.register(registry);
  }

  private static double tableAge(FreshnessReport report, String table) {
    return report.tables().stream()
        .filter(t -> t.table().equals(table))
        .findFirst()
        .map(t -> orNaN(t.lastCommitAgeSeconds()))
        .orElse(Double.NaN);
  }

  private static double orNaN(Number value) {
    return value == null ? Double.NaN : value.doubleValue();
  }
}
