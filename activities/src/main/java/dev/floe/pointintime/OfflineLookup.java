package dev.floe.pointintime;

import com.fasterxml.jackson.annotation.JsonProperty;
import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The point-in-time answer for one user from Iceberg: the latest row known at {@code asOf} in one
 * feature snapshot; {@code dt} and the value are null when no row was known then.
 */
public record OfflineLookup(
    long userId, Instant asOf, long featureSnapshotId, LocalDate dt, @JsonProperty("spending_mean_7d") BigDecimal spendingMean7d) {
  public OfflineLookup {
    requireNonNull(asOf, "asOf is null");
  }

  public boolean found() {
    return dt != null;
  }
}
