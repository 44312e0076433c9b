package dev.floe.pointintime;

import dev.floe.error.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the instants and durations people type (flags, query parameters). Each failure names the
 * field, so the one line a user sees says what to fix.
 */
public final class TimeText {
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})\\s*([dhms])");

  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

  private TimeText() {}

  /**
   * An instant from ISO-8601: {@code 2025-09-17T12:00:00Z}, with an offset ({@code +02:00}), with a
   * zone ({@code 2025-09-17T12:00+02:00[Europe/Paris]}), a local date-time read as UTC, or a date,
   * read as its midnight UTC.
   */
  public static Instant instant(String field, String text) {
    Instant parsed = parseInstant(field, text);
    if (parsed.isBefore(EARLIEST) || parsed.isAfter(LATEST)) {
      throw new InvalidInputException(field + " '" + text + "' is outside the years 0001 to 9999");
    }
    return parsed;
  }

  private static Instant parseInstant(String field, String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidInputException(field + " is missing: expected an ISO-8601 instant such as 2025-09-17T12:00:00Z");
    }
    String trimmed = text.trim();
    try {
      return Instant.parse(trimmed);
    } catch (DateTimeParseException notAnInstant) {
      // Try the other accepted forms below.
    }
    try {
      return OffsetDateTime.parse(trimmed).toInstant();
    } catch (DateTimeParseException notOffset) {
      // Try the other accepted forms below.
    }
    try {
      return ZonedDateTime.parse(trimmed).toInstant();
    } catch (DateTimeParseException notZoned) {
      // Try the other accepted forms below.
    }
    try {
      return LocalDateTime.parse(trimmed).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException notLocal) {
      // Try the other accepted forms below.
    }
    try {
      return LocalDate.parse(trimmed).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException notDate) {
      throw new InvalidInputException(
          field + " '" + text + "' is not an ISO-8601 instant: expected for example 2025-09-17T12:00:00Z,"
              + " 2025-09-17T12:00:00+02:00 or 2025-09-17");
    }
  }

  /**
   * A positive duration: {@code 7d}, {@code 12h}, {@code 30m}, {@code 45s}, combinations such as
   * {@code 1d12h}, or ISO-8601 ({@code PT12H}, {@code P7D}).
   */
  public static Duration duration(String field, String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidInputException(field + " is missing: expected a duration such as 7d, 12h or PT12H");
    }
    String trimmed = text.trim().toLowerCase(Locale.ROOT);
    Duration parsed = trimmed.startsWith("p") ? iso(trimmed) : shortForm(trimmed);
    if (parsed == null) {
      throw new InvalidInputException(
          field + " '" + text + "' is not a duration: expected for example 7d, 12h, 1d12h or PT12H");
    }
    if (parsed.isNegative() || parsed.isZero()) {
      throw new InvalidInputException(field + " '" + text + "' must be positive");
    }
    return parsed;
  }

  private static Duration iso(String text) {
    try {
      return Duration.parse(text.toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Duration shortForm(String text) {
    Matcher matcher = SHORT_DURATION.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (matcher.find()) {
      if (matcher.start() != end) {
        return null;
      }
      long amount = Long.parseLong(matcher.group(1));
      total =
          switch (matcher.group(2)) {
            case "d" -> total.plusDays(amount);
            case "h" -> total.plusHours(amount);
            case "m" -> total.plusMinutes(amount);
            default -> total.plusSeconds(amount);
          };
      end = matcher.end();
    }
    return end == text.length() && end > 0 ? total : null;
  }
}
