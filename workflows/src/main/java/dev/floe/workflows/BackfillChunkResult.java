package dev.floe.workflows;

import java.time.LocalDate;
import java.util.List;

/**
 * The Parquet files one chunk wrote into user_features' data location, not yet committed: each an
 * Iceberg DataFile (path, partition, metrics) serialized as base64, for the commit step to add.
 */
public record BackfillChunkResult(LocalDate start, LocalDate end, long rows, List<String> dataFiles) {
  public BackfillChunkResult {
    dataFiles = List.copyOf(dataFiles);
  }
}
