package dev.floe.detect;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Score {@code amount} for {@code userId} against model {@code modelVersion}, with the user's
 * history up to {@code asOf} (null: the model's training window end). {@code lastN} history rows
 * go into the report's context.
 */
public record DebugRequest(String modelVersion, long userId, BigDecimal amount, LocalDate asOf, int lastN) {
  public static final int DEFAULT_LAST_N = 14;
}
