package dev.floe.maintenance;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/** What {@code floe maintain} did: the cutoff it used and one report per table. */
public record MaintenanceReport(Instant olderThan, List<TableReport> tables) {
  public MaintenanceReport {
    requireNonNull(olderThan, "olderThan is null");
    tables = List.copyOf(tables);
  }
}
