package dev.floe.serving;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How long the Redis publish lock lives unless refreshed ({@code ttl}: a crashed publisher's lock
 * frees itself after this), and how long a publish waits for it before failing ({@code maxWait}).
 */
public record PublishLockTimes(Duration ttl, Duration maxWait) {
  /** A publish refreshes the lock after every few thousand rows, far inside 30 s on any Redis. */
  public static final PublishLockTimes DEFAULT = new PublishLockTimes(Duration.ofSeconds(30), Duration.ofSeconds(60));

  public PublishLockTimes {
    requireNonNull(ttl, "ttl is null");
    requireNonNull(maxWait, "maxWait is null");
    if (ttl.toMillis() <= 0) {
      throw new IllegalArgumentException("Invalid publish lock time to live " + ttl + ": must be positive");
    }
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("Invalid publish lock wait " + maxWait + ": must not be negative");
    }
  }
}
