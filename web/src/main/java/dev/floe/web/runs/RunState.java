package dev.floe.web.runs;

/** Where a run is: the Temporal execution states that a person needs to tell apart. */
public enum RunState {
  RUNNING,
  COMPLETED,
  FAILED,
  CANCELED,
  TERMINATED,
  TIMED_OUT;

  public boolean isClosed() {
    return this != RUNNING;
  }
}
