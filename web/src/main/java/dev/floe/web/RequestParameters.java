package dev.floe.web;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.function.UnaryOperator;

/**
 * Reads named parameters (query string or form) into typed values; anything malformed is an {@link
 * InvalidParameterException} naming the field and quoting what was sent.
 */
final class RequestParameters {
  private static final int MAX_QUOTED = 60;

  private final UnaryOperator<String> source;

  RequestParameters(UnaryOperator<String> source) {
    this.source = source;
  }

  /** The trimmed value, or null when the parameter is absent or blank. */
  String text(String field) {
    String value = source.apply(field);
    if (value == null || value.isBlank()) {
      return null;
    }
    return value.trim();
  }

  String requiredText(String field) {
    String value = text(field);
    if (value == null) {
      throw new InvalidParameterException(field, "is required");
    }
    return value;
  }

  Long optionalLong(String field) {
    String value = text(field);
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new InvalidParameterException(field, "expected a whole number, got " + quote(value));
    }
  }

  long requiredLong(String field) {
    Long value = optionalLong(field);
    if (value == null) {
      throw new InvalidParameterException(field, "is required");
    }
    return value;
  }

  Integer optionalInt(String field, int min, int max) {
    Long value = optionalLong(field);
    if (value == null) {
      return null;
    }
    if (value < min || value > max) {
      throw new InvalidParameterException(field, "must be between " + min + " and " + max + ", got " + value);
    }
    return value.intValue();
  }

  Long optionalLong(String field, long min, long max) {
    Long value = optionalLong(field);
    if (value != null && (value < min || value > max)) {
      throw new InvalidParameterException(field, "must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  BigDecimal requiredDecimal(String field) {
    String value = requiredText(field);
    try {
      return new BigDecimal(value);
    } catch (NumberFormatException e) {
      throw new InvalidParameterException(field, "expected a number such as 120.50, got " + quote(value));
    }
  }

  Double optionalDouble(String field) {
    String value = text(field);
    if (value == null) {
      return null;
    }
    try {
      double parsed = Double.parseDouble(value);
      if (!Double.isFinite(parsed)) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new InvalidParameterException(field, "expected a number, got " + quote(value));
    }
  }

  LocalDate optionalDate(String field) {
    String value = text(field);
    if (value == null) {
      return null;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new InvalidParameterException(field, "expected an ISO date such as 2025-09-17, got " + quote(value));
    }
  }

  /** The value in quotes, shortened: error messages repeat what was sent, never all of it. */
  static String quote(String value) {
    String shown = value.length() > MAX_QUOTED ? value.substring(0, MAX_QUOTED) + "…" : value;
    return "'" + shown + "'";
  }
}
