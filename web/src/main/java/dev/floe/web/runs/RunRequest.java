package dev.floe.web.runs;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * A validated request to run the pipeline: the fields of the run form and of {@code POST
 * /api/runs}. Null means "the pipeline's default".
 *
 * @param anomalyFile a file from the dashboard's anomaly_files folder (generate only)
 * @param ingestFile a file of transactions on the worker's file system (ingest only)
 */
public record RunRequest(
    RunSource source,
    Integer users,
    Long events,
    Integer days,
    LocalDate endDate,
    Long seed,
    Integer batches,
    Path anomalyFile,
    String ingestFile,
    Double quantile,
    LocalDate windowStart,
    LocalDate windowEnd,
    String featureName) {
  public RunRequest {
    requireNonNull(source, "source is null");
  }
}
