package dev.floe.features;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;

/** One user_features row, as tests compare them. */
record FeatureRow(long userId, LocalDate dt, BigDecimal spendingMean7d) {
  static final Comparator<FeatureRow> ORDER =
      Comparator.comparing(FeatureRow::dt).thenComparingLong(FeatureRow::userId);

  static FeatureRow of(long userId, String dt, String spendingMean7d) {
    return new FeatureRow(userId, LocalDate.parse(dt), new BigDecimal(spendingMean7d));
  }
}
