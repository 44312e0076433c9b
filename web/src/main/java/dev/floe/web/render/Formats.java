package dev.floe.web.render;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** How numbers and times read on the pages: fixed decimals, ISO-8601 instants in UTC. */
public final class Formats {
  private Formats() {}

  /** A threshold, z-score or other real number, to two decimals. */
  public static String decimal2(Double value) {
    return value == null ? "" : String.format(Locale.ROOT, "%.2f", value);
  }

  public static String decimal2(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  public static String money(BigDecimal value) {
    return value == null ? "" : value.toPlainString();
  }

  /** A count with thousands separators: 10,000,000. */
  public static String count(Long value) {
    return value == null ? "" : String.format(Locale.ROOT, "%,d", value);
  }

  public static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  /** ISO-8601 in UTC to the second: 2025-09-17T22:44:17Z. */
  public static String instant(Instant value) {
    return value == null ? "" : DateTimeFormatter.ISO_INSTANT.format(value.truncatedTo(ChronoUnit.SECONDS));
  }

  /** 1.25 s, 3 min 04 s. */
  public static String duration(Duration value) {
    if (value == null) {
      return "";
    }
    long millis = value.toMillis();
    if (millis < 60_000) {
      return String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
    }
    long seconds = millis / 1000;
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, (seconds % 3600) / 60);
  }
}
