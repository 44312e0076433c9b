package dev.floe.features.registry;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * How a feature summarises a user's events. Windowed aggregations cover the {@code window_days} UTC
 * dates ending on the feature's date, gap-filled: a date without events still has its row.
 */
public enum Aggregation {
  /** Σ amounts in the window. */
  SUM(Input.MONEY_COLUMN, Window.DAYS, Types.DecimalType.of(15, 2)),
  /** Σ amounts in the window / window days, always (as {@code spending_mean_7d}), half-up. */
  MEAN(Input.MONEY_COLUMN, Window.DAYS, Types.DecimalType.of(15, 2)),
  /** The number of events in the window. */
  COUNT(Input.EVENTS, Window.DAYS, Types.LongType.get()),
  /** The largest amount in the window; 0.00 when the window holds no event. */
  MAX(Input.MONEY_COLUMN, Window.DAYS, Types.DecimalType.of(15, 2)),
  /** The smallest amount in the window; 0.00 when the window holds no event. */
  MIN(Input.MONEY_COLUMN, Window.DAYS, Types.DecimalType.of(15, 2)),
  /** The number of distinct values of a column (a vendor, say) in the window. */
  COUNT_DISTINCT(Input.ANY_COLUMN, Window.DAYS, Types.LongType.get()),
  /** Whole days from the user's first event date to the feature's date: 0 on the first date. */
  DAYS_SINCE_FIRST(Input.EVENTS, Window.NONE, Types.LongType.get());

  /** What an aggregation reads of each event. */
  enum Input {
    /** A decimal (money) column: {@code amount}. */
    MONEY_COLUMN,
    /** Any column of the source table. */
    ANY_COLUMN,
    /** The events themselves: no column. */
    EVENTS
  }

  /** Whether an aggregation takes {@code window_days}. */
  enum Window {
    DAYS,
    NONE
  }

  private final Input input;
  private final Window window;
  private final Type.PrimitiveType resultType;

  Aggregation(Input input, Window window, Type.PrimitiveType resultType) {
    this.input = input;
    this.window = window;
    this.resultType = resultType;
  }

  /** The name a definition file uses: {@code count_distinct}. */
  public String fileName() {
    return name().toLowerCase(Locale.ROOT);
  }

  Input input() {
    return input;
  }

  Window window() {
    return window;
  }

  /** The type of the value this aggregation produces, which a definition must declare. */
  public Type.PrimitiveType resultType() {
    return resultType;
  }

  /** The aggregation named {@code text} in a definition file, or null when there is none. */
  public static Aggregation fromFileName(String text) {
    return Arrays.stream(values()).filter(a -> a.fileName().equals(text)).findFirst().orElse(null);
  }

  static String fileNames() {
    return Arrays.stream(values()).map(Aggregation::fileName).collect(Collectors.joining(", "));
  }
}
