package dev.floe.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.web.FeatureHistoryIndex.History;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.iceberg.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureHistoryIndexTest {
  @TempDir Path dataDir;

  @Test
  void aUsersHistoryIsTheirRowsOfThatSnapshotUpToTheDateInDateOrder() {
    try (FloeCatalog catalog = FloeCatalog.open(dataDir)) {
      Snapshot first = TableFixture.appendFeatures(catalog,
          "(7, '2025-09-03', 3.10), (7, '2025-09-01', 1.00), (7, '2025-09-02', 2.57), (3, '2025-09-02', 99.99),"
              + " (11, '2025-09-01', 0.01)",
          new CommitLineage("wf", "run-1", "featurize"));
      // A later snapshot must not leak into the index of the first one.
      TableFixture.appendFeatures(catalog, "(7, '2025-09-04', 500.00)", new CommitLineage("wf", "run-2", "featurize"));

      FeatureHistoryIndex index = FeatureHistoryIndex.load(catalog, first.snapshotId());

      assertThat(index.rows()).isEqualTo(5);
      History all = index.history(7, LocalDate.parse("2025-09-30"));
      assertThat(all.dates()).containsExactly(
          LocalDate.parse("2025-09-01"), LocalDate.parse("2025-09-02"), LocalDate.parse("2025-09-03"));
      assertThat(all.values()).containsExactly(new BigDecimal("1.00"), new BigDecimal("2.57"), new BigDecimal("3.10"));
      assertThat(index.history(7, LocalDate.parse("2025-09-02")).values())
          .containsExactly(new BigDecimal("1.00"), new BigDecimal("2.57"));
      assertThat(index.history(7, LocalDate.parse("2025-08-31")).size()).isZero();
      assertThat(index.history(3, LocalDate.parse("2025-09-02")).values()).containsExactly(new BigDecimal("99.99"));
      assertThat(index.history(11, LocalDate.parse("2025-09-01")).values()).containsExactly(new BigDecimal("0.01"));
      assertThat(index.history(5, LocalDate.parse("2025-09-30")).size()).isZero();
      assertThat(index.history(12, LocalDate.parse("2025-09-30")).size()).isZero();
    }
  }
}
