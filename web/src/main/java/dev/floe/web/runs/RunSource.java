package dev.floe.web.runs;

/** Where a run's transactions come from before it featurizes. */
public enum RunSource {
  /** Synthetic transactions from the generator. */
  GENERATE,
  /** A CSV or Parquet file the worker can read. */
  INGEST,
  /** Nothing new: featurize and train on what raw_events already holds. */
  EXISTING;

  public String formValue() {
    return name().toLowerCase();
  }
}
