package dev.floe.features;

import dev.floe.features.RawEventsFixture.RawEvent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * spending_mean_7d computed the slow, obvious way, straight from DESIGN.md, with BigDecimal: the
 * reference the SQL is checked against.
 */
final class SpendingMeanOracle {
  private SpendingMeanOracle() {}

  static List<FeatureRow> features(List<RawEvent> events) {
    Map<Long, TreeMap<LocalDate, BigDecimal>> daily = new TreeMap<>();
    LocalDate last = null;
    for (RawEvent event : events) {
      LocalDate day = event.timestamp().atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
      daily
          .computeIfAbsent(event.userId(), user -> new TreeMap<>())
          .merge(day, event.amount(), BigDecimal::add);
      last = last == null || day.isAfter(last) ? day : last;
    }
    List<FeatureRow> rows = new ArrayList<>();
    for (Map.Entry<Long, TreeMap<LocalDate, BigDecimal>> user : daily.entrySet()) {
      for (LocalDate dt = user.getValue().firstKey(); !dt.isAfter(last); dt = dt.plusDays(1)) {
        BigDecimal sum =
            user.getValue().subMap(dt.minusDays(6), true, dt, true).values().stream()
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        rows.add(
            new FeatureRow(
                user.getKey(), dt, sum.divide(BigDecimal.valueOf(7), 2, RoundingMode.HALF_UP)));
      }
    }
    rows.sort(FeatureRow.ORDER);
    return rows;
  }
}
