package dev.floe.metrics;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * How fresh Floe's data is at {@code at}: each table's last commit; the newest {@code dt} in
 * {@code user_features} and the age of that row (from when it became known, {@code dt + 1 day});
 * and how far the online store is behind the table: the snapshots committed since the one it
 * serves, and how long the oldest of them has waited. {@code featuresStale} is true once the
 * newest row is older than {@code ttl}, the same rule the online store flags values with.
 */
public record FreshnessReport(
    Instant at,
    List<TableFreshness> tables,
    LocalDate newestFeatureDate,
    Long newestFeatureAgeSeconds,
    Duration ttl,
    boolean featuresStale,
    Long servedSnapshotId,
    Integer onlineSnapshotsBehind,
    Long onlineLagSeconds) {
  public FreshnessReport {
    requireNonNull(at, "at is null");
    requireNonNull(ttl, "ttl is null");
    tables = List.copyOf(tables);
  }
}
