package dev.floe.workflows;

/**
 * One injected anomaly: multiply {@code k} of {@code userId}'s amounts on window day {@code day}
 * (0-based) by {@code multiplier}, where {@code k = n} if given, else {@code max(1,
 * round_half_up(proportion × events that day))}. Validation with messages naming the field lives
 * where specs are read (dev.floe.generate.AnomalySpecs), so a bad file names its entry too.
 */
public record AnomalySpec(long userId, int day, double multiplier, double proportion, Integer n) {
  public static final double DEFAULT_MULTIPLIER = 5.0;
  public static final double DEFAULT_PROPORTION = 0.5;
}
