package dev.floe.pointintime;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * When a feature row becomes known. A row {@code (user, dt)} summarises all of day {@code dt}, so it
 * is known only from {@code dt + 1 day 00:00 UTC}; a question asked at time {@code t} may use the
 * latest row with {@code dt + 1 day <= t}. The SQL side states the same rule once, in the
 * {@code known_from} macro of {@code sql/known_from_macro.sql}.
 */
public final class KnownTime {
  private KnownTime() {}

  /** The instant from which the row of {@code dt} may be used. */
  public static Instant knownFrom(LocalDate dt) {
    return dt.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** The latest {@code dt} whose row is known at {@code t}. */
  public static LocalDate latestKnownDate(Instant t) {
    return LocalDate.ofInstant(t, ZoneOffset.UTC).minusDays(1);
  }
}
