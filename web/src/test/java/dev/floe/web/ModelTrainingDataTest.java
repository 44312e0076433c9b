package dev.floe.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.web.ModelTrainingData.ZHistogram;
import dev.floe.workflows.ModelCard;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelTrainingDataTest {
  @TempDir Path dataDir;

  @Test
  void theHistogramBinsTheAbsoluteZOfTheTrainingWindowOnly() {
    try (FloeCatalog catalog = FloeCatalog.open(dataDir)) {
      // Inside the window 2025-09-02..2025-09-04: nine values; outside it, two wild ones that must not count.
      double[] inside = {1, 2, 3, 4, 5, 6, 7, 8, 40};
      StringBuilder values = new StringBuilder();
      for (int i = 0; i < inside.length; i++) {
        values.append(String.format("(%d, '2025-09-0%d', %s), ", i, 2 + i % 3, inside[i]));
      }
      values.append("(1, '2025-09-01', 9999), (2, '2025-09-05', 9999)");
      Snapshot features = TableFixture.appendFeatures(catalog, values.toString(), new CommitLineage("wf", "run", "featurize"));
      double threshold = 2.5;
      ModelCard card = new ModelCard("v20250917100003", Instant.parse("2025-09-17T10:00:03Z"), features.snapshotId(), 1L,
          "spending_mean_7d", threshold, LocalDate.parse("2025-09-02"), LocalDate.parse("2025-09-04"), 0.9,
          "wf", "run", 9L, null, null, null, null, null, List.of());

      ZHistogram histogram = new ModelTrainingData(catalog).histogram(card);

      double mean = 0;
      for (double v : inside) {
        mean += v / inside.length;
      }
      double variance = 0;
      for (double v : inside) {
        variance += (v - mean) * (v - mean) / inside.length;
      }
      double std = Math.sqrt(variance);
      List<Double> absZ = new ArrayList<>();
      for (double v : inside) {
        absZ.add(Math.abs((v - mean) / std));
      }
      double upper = Math.max(absZ.stream().mapToDouble(Double::doubleValue).max().orElseThrow(), threshold);
      long[] expected = new long[ModelTrainingData.BINS];
      for (double z : absZ) {
        expected[Math.min((int) Math.floor(z / upper * ModelTrainingData.BINS), ModelTrainingData.BINS - 1)]++;
      }
      assertThat(histogram.rows()).isEqualTo(9);
      assertThat(histogram.upperBound()).isCloseTo(upper, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(histogram.counts()).containsExactlyElementsOf(java.util.Arrays.stream(expected).boxed().toList());
      // The one outlier sits alone in the last bin, past the threshold.
      assertThat(histogram.counts().get(ModelTrainingData.BINS - 1)).isEqualTo(1);
    }
  }
}
