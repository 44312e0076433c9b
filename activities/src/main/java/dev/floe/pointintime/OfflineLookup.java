package dev.floe.pointintime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The point-in-time answer for one user from Iceberg: the latest row known at {@code asOf} in one
 * feature snapshot; {@code dt} and the value are null when no row was known then. {@code features}
 * holds the selected features by name when a selection was asked for (each null when no row was
 * known), and is left out of the JSON otherwise.
 */
public record OfflineLookup(
    long userId,
    Instant asOf,
    long featureSnapshotId,
    LocalDate dt,
    @JsonProperty("spending_mean_7d") BigDecimal spendingMean7d,
    @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> features) {
  public OfflineLookup {
    requireNonNull(asOf, "asOf is null");
    features = features == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(features));
  }

  public OfflineLookup(long userId, Instant asOf, long featureSnapshotId, LocalDate dt, BigDecimal spendingMean7d) {
    this(userId, asOf, featureSnapshotId, dt, spendingMean7d, null);
  }

  /** The answer from {@code row} (null: none known), naming {@code features} (null: no selection). */
  static OfflineLookup of(long userId, Instant asOf, long featureSnapshotId, FeatureValue row, List<String> features) {
    Map<String, Object> selected = null;
    if (features != null) {
      selected = new LinkedHashMap<>();
      for (String name : features) {
        selected.put(name, row == null ? null : row.value(name));
      }
    }
    return new OfflineLookup(
        userId, asOf, featureSnapshotId, row == null ? null : row.dt(), row == null ? null : row.spendingMean7d(), selected);
  }

  public boolean found() {
    return dt != null;
  }
}
