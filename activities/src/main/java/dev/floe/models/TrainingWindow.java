package dev.floe.models;

import static java.util.Objects.requireNonNull;

import dev.floe.error.InvalidInputException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;

/** The inclusive range of feature dates {@code [start, end]} a model is calibrated on. */
public record TrainingWindow(LocalDate start, LocalDate end) {
  /** Days before the end that the default window starts: 30 dates in all. */
  public static final int DEFAULT_DAYS_BEFORE_END = 29;

  public TrainingWindow {
    requireNonNull(start, "start is null");
    requireNonNull(end, "end is null");
    if (start.isAfter(end)) {
      throw new InvalidInputException(
          "Invalid training window: start " + start + " is after end " + end);
    }
  }

  /**
   * The window ending at {@code end} from {@code start}, or its default start when that is null.
   */
  static TrainingWindow endingAt(LocalDate start, LocalDate end) {
    return new TrainingWindow(start != null ? start : end.minusDays(DEFAULT_DAYS_BEFORE_END), end);
  }

  /** The window of as many dates as this one whose last date is {@code newEnd}. */
  public TrainingWindow sameLengthEndingAt(LocalDate newEnd) {
    requireNonNull(newEnd, "newEnd is null");
    return new TrainingWindow(newEnd.minusDays(ChronoUnit.DAYS.between(start, end)), newEnd);
  }

  /** An Iceberg filter on {@code dt} that lets scan planning skip files outside the window. */
  Expression dtFilter() {
    return Expressions.and(
        Expressions.greaterThanOrEqual("dt", start.toString()),
        Expressions.lessThanOrEqual("dt", end.toString()));
  }

  @Override
  public String toString() {
    return "[" + start + ", " + end + "]";
  }
}
