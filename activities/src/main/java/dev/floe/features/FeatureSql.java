package dev.floe.features;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.FloeTable;
import dev.floe.engine.SqlFile;
import dev.floe.features.registry.Aggregation;
import dev.floe.features.registry.RegisteredFeature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The one-pass statement (sql/applied_features.sql) for a set of applied features. Its generated
 * parts are built only from fixed fragments, names that are checked again here against the schemas
 * (never trusted from the registry's text alone) and integer window lengths.
 */
final class FeatureSql {
  static final String TEMPLATE = "applied_features";

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
  private static final String MONEY_COLUMN = "amount";

  private FeatureSql() {}

  /**
   * The statement for {@code features} (in user_features column order), with the relation
   * placeholders ({@code raw_events}, {@code earlier_features}, {@code date_ranges}) left to fill.
   */
  static SqlFile of(List<RegisteredFeature> features) {
    requireNonNull(features, "features is null");
    if (features.isEmpty()) {
      throw new IllegalArgumentException("No features to compute");
    }
    StringBuilder daily = new StringBuilder();
    List<String> windowColumns = new ArrayList<>();
    List<String> featureColumns = new ArrayList<>();
    SortedSet<Integer> windows = new TreeSet<>();
    for (RegisteredFeature feature : features) {
      String name = checkedName(feature.name());
      Aggregation aggregation = Aggregation.fromFileName(feature.aggregation());
      if (aggregation == null) {
        throw new IllegalStateException("Unknown aggregation in the registry: " + feature);
      }
      String window = "";
      if (aggregation != Aggregation.DAYS_SINCE_FIRST) {
        int days = requireNonNull(feature.windowDays(), "windowDays is null");
        if (days < 1 || days > 365) {
          throw new IllegalStateException("Bad window in the registry: " + feature);
        }
        windows.add(days);
        window = " OVER w" + days;
      }
      String aggregate = name + "__window";
      switch (aggregation) {
        case SUM, MEAN -> {
          checkMoney(feature);
          windowColumns.add("CAST(sum(coalesce(d.cents, 0))" + window + " AS BIGINT) AS " + aggregate);
        }
        case COUNT ->
            windowColumns.add("CAST(sum(coalesce(d.events, 0))" + window + " AS BIGINT) AS " + aggregate);
        case MAX -> {
          checkMoney(feature);
          windowColumns.add("coalesce(max(d.max_cents)" + window + ", 0) AS " + aggregate);
        }
        case MIN -> {
          checkMoney(feature);
          windowColumns.add("coalesce(min(d.min_cents)" + window + ", 0) AS " + aggregate);
        }
        case COUNT_DISTINCT -> {
          String column = checkedColumn(feature);
          String values = name + "__values";
          daily.append(",\n    list(DISTINCT ").append(column).append(") AS ").append(values);
          windowColumns.add(
              "CAST(length(list_distinct(flatten(list(coalesce(d."
                  + values
                  + ", []))"
                  + window
                  + "))) AS BIGINT) AS "
                  + aggregate);
        }
        case DAYS_SINCE_FIRST ->
            windowColumns.add("CAST(s.dt - s.first_day AS BIGINT) AS " + aggregate);
      }
      featureColumns.add(value(aggregation, aggregate, feature.windowDays()) + " AS " + name);
    }
    List<String> namedWindows = new ArrayList<>();
    for (int days : windows) {
      namedWindows.add(
          "w" + days + " AS (PARTITION BY s.user_id, s.range_start ORDER BY s.dt ROWS BETWEEN "
              + (days - 1) + " PRECEDING AND CURRENT ROW)");
    }
    if (namedWindows.isEmpty()) {
      // Only days_since_first: the statement still names one window, unused.
      namedWindows.add("w1 AS (PARTITION BY s.user_id ORDER BY s.dt)");
    }
    int daysBefore = FeatureReach.of(features).daysBefore();
    SqlFile template = SqlFile.load(TEMPLATE);
    String text =
        new SqlFile(TEMPLATE, template.text())
            .render(
                Map.of(
                    "daily_columns", daily.toString(),
                    "days_before", Integer.toString(daysBefore),
                    "window_columns", String.join(",\n    ", windowColumns),
                    "windows", String.join(",\n    ", namedWindows),
                    "feature_columns", String.join(",\n  ", featureColumns),
                    "raw_events", "{{raw_events}}",
                    "earlier_features", "{{earlier_features}}",
                    "date_ranges", "{{date_ranges}}"));
    return new SqlFile(TEMPLATE, text);
  }

  /** The feature's value from its windowed aggregate: money from cents, half-up for a mean. */
  private static String value(Aggregation aggregation, String aggregate, Integer windowDays) {
    return switch (aggregation) {
      case SUM, MAX, MIN -> "CAST(" + aggregate + " * 0.01 AS DECIMAL(15, 2))";
      // round_half_up(cents / N) in whole cents, away from zero at exactly .5: (2|c| + N) // 2N.
      case MEAN -> "CAST(sign(" + aggregate + ") * ((abs(" + aggregate + ") * 2 + " + windowDays
          + ") // " + (2 * windowDays) + ") * 0.01 AS DECIMAL(15, 2))";
      case COUNT, COUNT_DISTINCT, DAYS_SINCE_FIRST -> aggregate;
    };
  }

  private static String checkedName(String name) {
    if (!NAME.matcher(name).matches() || name.equals("user_id") || name.equals("dt")) {
      throw new IllegalStateException("Bad feature name in the registry: " + name);
    }
    return name;
  }

  private static void checkMoney(RegisteredFeature feature) {
    if (!MONEY_COLUMN.equals(feature.sourceColumn())) {
      throw new IllegalStateException("Money aggregations read amount, not: " + feature);
    }
  }

  private static String checkedColumn(RegisteredFeature feature) {
    String column = feature.sourceColumn();
    if (column == null || FloeTable.RAW_EVENTS.schema().findField(column) == null) {
      throw new IllegalStateException("Unknown source column in the registry: " + feature);
    }
    return column;
  }
}
