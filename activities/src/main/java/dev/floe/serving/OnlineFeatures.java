package dev.floe.serving;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The online answer for one user: the latest row of the served snapshot, when it became known
 * ({@code dt + 1 day 00:00 UTC}), its age now, and {@code stale} once that age is past the TTL, so
 * an expired value is flagged rather than served as if fresh. {@code found} is false (and the row
 * fields null) for a user the snapshot has no row for.
 */
public record OnlineFeatures(
    long userId,
    boolean found,
    LocalDate dt,
    @JsonProperty("spending_mean_7d") BigDecimal spendingMean7d,
    Long snapshotId,
    Instant knownFrom,
    Long ageSeconds,
    boolean stale) {}
