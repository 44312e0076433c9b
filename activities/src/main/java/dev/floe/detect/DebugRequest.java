package dev.floe.detect;

import dev.floe.error.InvalidInputException;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Score {@code amount} for {@code userId} against model {@code modelVersion}, with the user's
 * history up to {@code asOf} (null: the model's training window end). {@code lastN} history rows go
 * into the report's context. An amount is money: at least 0, at most 2 decimals, a decimal(15,2).
 */
public record DebugRequest(
    String modelVersion, long userId, BigDecimal amount, LocalDate asOf, int lastN) {
  public static final int DEFAULT_LAST_N = 14;

  /** The largest decimal(15,2). */
  private static final BigDecimal MAX_AMOUNT = new BigDecimal("9999999999999.99");

  public DebugRequest {
    if (modelVersion == null || modelVersion.isBlank()) {
      throw new InvalidInputException("A model version is required, for example v20250916224417");
    }
    if (amount == null) {
      throw new InvalidInputException("An amount is required");
    }
    if (amount.signum() < 0) {
      throw new InvalidInputException(
          "Invalid amount " + amount.toPlainString() + ": it must be at least 0");
    }
    if (amount.compareTo(MAX_AMOUNT) > 0) {
      throw new InvalidInputException(
          "Invalid amount " + amount + ": it must be at most " + MAX_AMOUNT.toPlainString()
              + " (decimal(15,2), as raw_events stores amounts)");
    }
    if (amount.stripTrailingZeros().scale() > 2) {
      throw new InvalidInputException(
          "Invalid amount " + amount.toPlainString() + ": money has at most 2 decimals");
    }
    if (lastN < 1) {
      throw new InvalidInputException("Invalid last-n " + lastN + ": it must be at least 1");
    }
  }

  /** A request for the model's own as-of date and the default history length. */
  public static DebugRequest of(String modelVersion, long userId, BigDecimal amount) {
    return new DebugRequest(modelVersion, userId, amount, null, DEFAULT_LAST_N);
  }
}
