package dev.floe.pointintime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One user's feature row: the date it summarises, its {@code spending_mean_7d} and, when features
 * were selected or kept beyond it, their values by name ({@code features}: a decimal or a whole
 * number each, null where the row has none; absent from the JSON when no feature was selected, so
 * the answer reads as it always did).
 */
public record FeatureValue(
    long userId,
    LocalDate dt,
    @JsonProperty("spending_mean_7d") BigDecimal spendingMean7d,
    @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> features) {
  public FeatureValue {
    requireNonNull(dt, "dt is null");
    requireNonNull(spendingMean7d, "spendingMean7d is null");
    features = features == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(features));
  }

  public FeatureValue(long userId, LocalDate dt, BigDecimal spendingMean7d) {
    this(userId, dt, spendingMean7d, null);
  }

  /** This row with only {@code names} of its features, in that order; {@code null}: none at all. */
  public FeatureValue select(List<String> names) {
    if (names == null) {
      return features == null ? this : new FeatureValue(userId, dt, spendingMean7d);
    }
    Map<String, Object> selected = new LinkedHashMap<>();
    for (String name : names) {
      selected.put(name, value(name));
    }
    return new FeatureValue(userId, dt, spendingMean7d, selected);
  }

  /** The value of feature {@code name} in this row: spending_mean_7d, or one of {@code features}. */
  public Object value(String name) {
    if (name.equals("spending_mean_7d")) {
      return spendingMean7d;
    }
    if (features == null || !features.containsKey(name)) {
      throw new IllegalArgumentException("Row of user " + userId + " on " + dt + " has no feature " + name);
    }
    return features.get(name);
  }
}
