package dev.floe.metrics;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** One table's last commit: null snapshot and times when the table does not exist or is empty. */
public record TableFreshness(String table, Long snapshotId, Instant lastCommit, Long lastCommitAgeSeconds) {
  public TableFreshness {
    requireNonNull(table, "table is null");
  }
}
