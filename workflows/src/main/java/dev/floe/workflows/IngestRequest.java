package dev.floe.workflows;

/** A CSV or Parquet file of transactions to append to raw_events, all or nothing. */
public record IngestRequest(String path) {}
