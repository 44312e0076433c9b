package dev.floe.pointintime;

import com.fasterxml.jackson.annotation.JsonProperty;
import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One user's feature row: the date it summarises and its value. */
public record FeatureValue(long userId, LocalDate dt, @JsonProperty("spending_mean_7d") BigDecimal spendingMean7d) {
  public FeatureValue {
    requireNonNull(dt, "dt is null");
    requireNonNull(spendingMean7d, "spendingMean7d is null");
  }
}
