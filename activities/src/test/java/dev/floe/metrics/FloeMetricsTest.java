package dev.floe.metrics;

import static dev.floe.pointintime.FeatureTableFixture.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.FloeCatalog;
import dev.floe.pointintime.FeatureTableFixture;
import dev.floe.serving.EmbeddedOnlineStore;
import dev.floe.serving.OnlineMaterializer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.iceberg.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FloeMetricsTest {
  @TempDir Path dataDir;

  @Test
  void theScrapeShowsTableAgesNewestFeaturesAndOnlineLag() throws Exception {
    try (FloeCatalog catalog = FloeCatalog.open(dataDir);
        EmbeddedOnlineStore store = new EmbeddedOnlineStore();
        OnlineMaterializer materializer = new OnlineMaterializer(catalog, store)) {
      FeatureTableFixture fixture = new FeatureTableFixture(catalog);
      Snapshot first = fixture.append(List.of(row(1, "2025-09-16", "1.00")));
      materializer.materialize(first.snapshotId());
      Snapshot second = fixture.append(List.of(row(1, "2025-09-17", "2.00")));
      fixture.append(List.of(row(1, "2025-09-18", "3.00")));

      Instant now = Instant.ofEpochMilli(second.timestampMillis()).plusSeconds(90);
      FloeMetrics metrics = new FloeMetrics(catalog, store, Duration.ofDays(2), Clock.fixed(now, ZoneOffset.UTC));
      FreshnessReport report = metrics.report();
      assertThat(report.newestFeatureDate()).isEqualTo(LocalDate.parse("2025-09-18"));
      assertThat(report.onlineSnapshotsBehind()).isEqualTo(2);
      assertThat(report.onlineLagSeconds()).isEqualTo(90);
      assertThat(report.servedSnapshotId()).isEqualTo(first.snapshotId());
      // The newest row (09-18) is known from 09-19; "now" is the machine's today, long after.
      assertThat(report.featuresStale()).isTrue();
      assertThat(report.tables())
          .filteredOn(t -> t.table().equals("raw_events"))
          .singleElement()
          .satisfies(t -> assertThat(t.snapshotId()).isNull());

      String scrape = metrics.scrape();
      assertThat(scrape)
          .contains("floe_table_last_commit_age_seconds{table=\"user_features\"}")
          .contains("floe_table_last_commit_age_seconds{table=\"raw_events\"} NaN")
          .contains("floe_online_store_snapshot_lag 2.0")
          .contains("floe_online_store_lag_seconds 90.0")
          .contains("floe_user_features_stale 1.0");

      materializer.materializeCurrent();
      FloeMetrics later =
          new FloeMetrics(catalog, store, Duration.ofDays(2), Clock.fixed(now.plusSeconds(5), ZoneOffset.UTC));
      assertThat(later.report().onlineSnapshotsBehind()).isZero();
      assertThat(later.scrape()).contains("floe_online_store_lag_seconds 0.0");
    }
  }
}
