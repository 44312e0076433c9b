package dev.floe.worker;

import dev.floe.detect.DebugRequest;
import java.math.BigDecimal;
import java.time.LocalDate;
import picocli.CommandLine.Option;

/** What {@code detect} and {@code debug} score: one amount of one user against one model. */
final class ScoringOptions {
  @Option(
      names = "--model",
      required = true,
      paramLabel = "VERSION",
      description = "Model version, e.g. v20250916224417.")
  String modelVersion;

  @Option(
      names = "--user",
      required = true,
      paramLabel = "USER_ID",
      description = "The user paying.")
  long userId;

  @Option(
      names = "--amount",
      required = true,
      paramLabel = "AMOUNT",
      description = "The transaction amount.")
  BigDecimal amount;

  @Option(
      names = "--as-of",
      paramLabel = "DATE",
      description =
          "Use the user's history up to this date (default: the model's training window end).")
  LocalDate asOf;

  DebugRequest request(int lastN) {
    return new DebugRequest(modelVersion, userId, amount, asOf, lastN);
  }
}
