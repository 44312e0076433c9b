package dev.floe.workflows;

import java.time.LocalDate;
import java.util.List;

/** Synthetic transactions per DESIGN.md "Generation"; anomalies already parsed and validated. */
public record GenerateRequest(
    int users, long events, int days, LocalDate endDate, long seed, int batches, List<AnomalySpec> anomalies) {
  public GenerateRequest {
    anomalies = anomalies == null ? List.of() : List.copyOf(anomalies);
  }
}
