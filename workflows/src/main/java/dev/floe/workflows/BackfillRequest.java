package dev.floe.workflows;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recompute {@code user_features} for the dates {@code [from, to]} from raw_events snapshot {@code
 * rawSnapshotId} (null: the current one), in chunks of {@code chunkDays} dates (null: 7) computed as
 * parallel activities, committed as one atomic replacement of exactly that range.
 */
public record BackfillRequest(Long rawSnapshotId, LocalDate from, LocalDate to, Integer chunkDays) {
  public static final int DEFAULT_CHUNK_DAYS = 7;

  public int chunkDaysOrDefault() {
    return chunkDays == null ? DEFAULT_CHUNK_DAYS : chunkDays;
  }

  /** What is wrong with the request, by field; empty when it can run. */
  public Map<String, String> problems() {
    Map<String, String> problems = new LinkedHashMap<>();
    if (from == null) {
      problems.put("from", "from is missing");
    }
    if (to == null) {
      problems.put("to", "to is missing");
    }
    if (from != null && to != null && to.isBefore(from)) {
      problems.put("to", "to " + to + " is before from " + from);
    }
    if (chunkDays != null && chunkDays < 1) {
      problems.put("chunk_days", "chunk_days must be at least 1, got " + chunkDays);
    }
    return problems;
  }
}
