package dev.floe.serving;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The online answer for one user at one instant: the newest row of the served snapshot that is
 * known then ({@code dt + 1 day 00:00 UTC <= now}, the offline point-in-time rule, so the age is
 * never negative), when it became known, its age, and {@code stale} once that age is past the TTL,
 * so an expired value is flagged rather than served as if fresh. {@code found} is false (and the row
 * fields null) for a user the snapshot has no row for, and for one whose rows are none of them known
 * yet (a user first seen today): then {@code firstRowKnownFrom} says when the first becomes known.
 * {@code features} holds the requested features by name (null values when not found), and is left out
 * of the JSON when none was requested.
 */
public record OnlineFeatures(
    long userId,
    boolean found,
    LocalDate dt,
    @JsonProperty("spending_mean_7d") BigDecimal spendingMean7d,
    Long snapshotId,
    Instant knownFrom,
    Long ageSeconds,
    boolean stale,
    Instant firstRowKnownFrom,
    @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> features) {
  public OnlineFeatures {
    features = features == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(features));
  }
}
