package dev.floe.pointintime;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * When a feature row becomes known. A row {@code (user, dt)} summarises all of day {@code dt}, so it
 * is known only from {@code dt + 1 day 00:00 UTC}; a question asked at time {@code t} may use the
 * latest row with {@code dt + 1 day <= t}. The SQL side states the same rule in the {@code
 * known_from_us} macro of {@code sql/known_from_macro.sql} and, from the other side, in {@code
 * latest_known_dt} of {@code sql/latest_known_dt_macro.sql}, in microseconds since the epoch.
 */
public final class KnownTime {
  private KnownTime() {}

  /** The instant from which the row of {@code dt} may be used. */
  public static Instant knownFrom(LocalDate dt) {
    return dt.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** {@code t} as the SQL side compares it: microseconds since the epoch. */
  public static long epochMicros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }

  /** The latest {@code dt} whose row is known at {@code t}. */
  public static LocalDate latestKnownDate(Instant t) {
    return LocalDate.ofInstant(t, ZoneOffset.UTC).minusDays(1);
  }
}
