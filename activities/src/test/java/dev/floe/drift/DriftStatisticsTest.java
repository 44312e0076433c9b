package dev.floe.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.floe.drift.DriftReport.FeatureComparison;
import java.util.Arrays;
import java.util.Random;
import java.util.TreeSet;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

/** PSI and KS against plain loops that follow the definitions, on small data with many ties. */
class DriftStatisticsTest {
  private static final DriftRequest DEFAULTS = DriftRequest.of("v", null);

  @Test
  void psiAndKsEqualPlainLoopsOnTiedAndContinuousSamples() {
    Random random = new Random(11);
    for (int round = 0; round < 40; round++) {
      int n = 1 + random.nextInt(300);
      int m = 1 + random.nextInt(300);
      boolean tied = round % 2 == 0;
      double shift = random.nextInt(3);
      double[] reference = sample(random, n, 0, tied);
      double[] current = sample(random, m, shift, tied);

      FeatureComparison compared =
          FeatureDrift.compare("f", reference.clone(), current.clone(), DEFAULTS);

      double[] edges = plainEdges(reference);
      double[] referenceProportions = plainProportions(reference, edges);
      double[] currentProportions = plainProportions(current, edges);
      assertThat(compared.binEdges()).containsExactly(box(edges));
      assertThat(compared.referenceProportions()).containsExactly(box(referenceProportions));
      assertThat(compared.currentProportions()).containsExactly(box(currentProportions));
      assertThat(compared.psi())
          .isCloseTo(plainPsi(referenceProportions, currentProportions), within(1e-12));
      double d = plainKs(reference, current);
      assertThat(compared.ksStatistic()).isCloseTo(d, within(1e-12));
      assertThat(compared.ksStatistic())
          .isEqualTo(new KolmogorovSmirnovTest().kolmogorovSmirnovStatistic(reference, current));
      assertThat(compared.ksPValue()).isBetween(0.0, 1.0);
      assertThat(compared.referenceRows()).isEqualTo(n);
      assertThat(compared.currentRows()).isEqualTo(m);
      assertThat(compared.drifted())
          .isEqualTo(compared.psi() > 0.2 || compared.ksStatistic() > 0.1);
    }
  }

  @Test
  void identicalSamplesHaveNoDriftAndDisjointOnesTheMost() {
    double[] values = sample(new Random(3), 500, 0, false);

    FeatureComparison same = FeatureDrift.compare("f", values.clone(), values.clone(), DEFAULTS);
    assertThat(same.psi()).isZero();
    assertThat(same.ksStatistic()).isZero();
    assertThat(same.ksPValue()).isCloseTo(1.0, within(1e-9));
    assertThat(same.drifted()).isFalse();
    assertThat(same.referenceProportions()).hasSize(10);

    double[] above = Arrays.stream(values).map(v -> v + 1000).toArray();
    FeatureComparison apart = FeatureDrift.compare("f", values.clone(), above, DEFAULTS);
    assertThat(apart.ksStatistic()).isEqualTo(1.0);
    assertThat(apart.ksPValue()).isLessThan(1e-6);
    // Every current value falls in the last bin, every other bin gets the empty-bin proportion.
    assertThat(apart.currentProportions().get(9)).isEqualTo(1.0);
    assertThat(apart.psi()).isGreaterThan(5);
    assertThat(apart.drifted()).isTrue();
  }

  @Test
  void aConstantFeatureHasTwoBins() {
    double[] zeros = new double[100];
    FeatureComparison compared = FeatureDrift.compare("f", zeros.clone(), zeros.clone(), DEFAULTS);
    assertThat(compared.binEdges()).containsExactly(0.0);
    assertThat(compared.referenceProportions()).containsExactly(1.0, 0.0);
    assertThat(compared.psi()).isZero();
  }

  private static double[] sample(Random random, int size, double shift, boolean tied) {
    double[] values = new double[size];
    for (int i = 0; i < size; i++) {
      values[i] = tied ? random.nextInt(8) + shift : random.nextGaussian() + shift;
    }
    return values;
  }

  private static double[] plainEdges(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    TreeSet<Double> edges = new TreeSet<>();
    for (int j = 1; j <= 9; j++) {
      edges.add(sorted[(int) Math.floor(j * (sorted.length - 1) / 10.0)]);
    }
    return edges.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double[] plainProportions(double[] values, double[] edges) {
    double[] counts = new double[edges.length + 1];
    for (double value : values) {
      int bin = 0;
      while (bin < edges.length && value > edges[bin]) {
        bin++;
      }
      counts[bin]++;
    }
    for (int bin = 0; bin < counts.length; bin++) {
      counts[bin] /= values.length;
    }
    return counts;
  }

  private static double plainPsi(double[] reference, double[] current) {
    double psi = 0;
    for (int bin = 0; bin < reference.length; bin++) {
      double r = reference[bin] == 0 ? 1e-4 : reference[bin];
      double c = current[bin] == 0 ? 1e-4 : current[bin];
      psi += (c - r) * Math.log(c / r);
    }
    return psi;
  }

  /** D by its definition: the largest gap of the two empirical CDFs at any value either holds. */
  private static double plainKs(double[] a, double[] b) {
    double largest = 0;
    for (double[] sample : new double[][] {a, b}) {
      for (double value : sample) {
        double fa = Arrays.stream(a).filter(v -> v <= value).count() / (double) a.length;
        double fb = Arrays.stream(b).filter(v -> v <= value).count() / (double) b.length;
        largest = Math.max(largest, Math.abs(fa - fb));
      }
    }
    return largest;
  }

  private static Double[] box(double[] values) {
    return Arrays.stream(values).boxed().toArray(Double[]::new);
  }
}
