package dev.floe.drift;

import java.util.stream.IntStream;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * The two drift measures over two sorted samples. Both are computed on the full samples, sorted
 * once: no sampling, so the same rows give the same numbers every time.
 */
final class DriftStatistics {
  /** PSI bins: the reference's deciles. */
  static final int BINS = 10;

  /**
   * A proportion of zero would make PSI infinite: an empty bin counts as this proportion instead
   * (one row in ten thousand), the usual convention.
   */
  static final double EMPTY_BIN_PROPORTION = 1e-4;

  /**
   * Below this product of the sample sizes commons-math3 computes the p-value exactly (or by a
   * seeded Monte Carlo run when there are ties); from it on, by the asymptotic distribution.
   */
  private static final long LARGE_SAMPLE_PRODUCT = 10_000;

  private DriftStatistics() {}

  /**
   * The inner edges of the PSI bins: the reference's values at positions ⌊j·(n−1)/10⌋, j = 1…9, of
   * its sorted order, each once (ties, a count feature's many zeros say, merge bins).
   */
  static double[] binEdges(double[] sortedReference) {
    int n = sortedReference.length;
    return IntStream.rangeClosed(1, BINS - 1)
        .mapToDouble(j -> sortedReference[(int) ((long) j * (n - 1) / BINS)])
        .distinct()
        .toArray();
  }

  /** The proportion of {@code sorted}'s values in each bin of {@code edges}: edges.length + 1 bins. */
  static double[] proportions(double[] sorted, double[] edges) {
    double[] proportions = new double[edges.length + 1];
    int below = 0;
    for (int bin = 0; bin < edges.length; bin++) {
      int upTo = countAtMost(sorted, edges[bin]);
      proportions[bin] = (double) (upTo - below) / sorted.length;
      below = upTo;
    }
    proportions[edges.length] = (double) (sorted.length - below) / sorted.length;
    return proportions;
  }

  /** Σ (current − reference) · ln(current / reference) over the bins, empty bins as 1e-4. */
  static double psi(double[] referenceProportions, double[] currentProportions) {
    double psi = 0;
    for (int bin = 0; bin < referenceProportions.length; bin++) {
      double reference = Math.max(referenceProportions[bin], EMPTY_BIN_PROPORTION);
      double current = Math.max(currentProportions[bin], EMPTY_BIN_PROPORTION);
      psi += (current - reference) * Math.log(current / reference);
    }
    return psi;
  }

  /**
   * The two-sample Kolmogorov–Smirnov statistic D, the largest gap between the two empirical
   * distribution functions, exactly, by one merge of the sorted samples (ties stepped together).
   * Computed as commons-math3 computes it, |i·m − j·n| / (n·m) in integers, so it equals
   * {@link KolmogorovSmirnovTest#kolmogorovSmirnovStatistic(double[], double[])} without sorting
   * copies of millions of values again.
   */
  static double ksStatistic(double[] sortedA, double[] sortedB) {
    long n = sortedA.length;
    long m = sortedB.length;
    int i = 0;
    int j = 0;
    long largest = 0;
    while (i < n && j < m) {
      double value = Math.min(sortedA[i], sortedB[j]);
      while (i < n && sortedA[i] == value) {
        i++;
      }
      while (j < m && sortedB[j] == value) {
        j++;
      }
      largest = Math.max(largest, Math.abs(i * m - j * n));
    }
    return largest / ((double) n * m);
  }

  /**
   * The p-value of D. Small samples: commons-math3's two-sample test (exact, or Monte Carlo with a
   * fixed seed when there are ties, so it is repeatable). Large ones: its asymptotic approximation;
   * with a million rows a side any visible D gives a p-value of about 0.
   */
  static double ksPValue(double[] a, double[] b, double statistic) {
    KolmogorovSmirnovTest test = new KolmogorovSmirnovTest(new Well19937c(42));
    if ((long) a.length * b.length < LARGE_SAMPLE_PRODUCT) {
      return test.kolmogorovSmirnovTest(a, b);
    }
    return test.approximateP(statistic, a.length, b.length);
  }

  private static int countAtMost(double[] sorted, double value) {
    int low = 0;
    int high = sorted.length;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (sorted[middle] <= value) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }
}
