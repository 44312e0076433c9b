package dev.floe.fault;

import java.io.IOException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A test-only hook that kills this process at a named point of a step, so a fault-injection test
 * knows the step was in flight when the worker died. Inert unless the environment variable {@code
 * FLOE_FAULT} is set, to {@code <step>:<point>}: for example {@code featurize:before-commit} (the
 * step's Parquet files are written, its Iceberg commit not yet made) or {@code
 * register:after-commit} (the commit landed, the activity has not returned). Steps are the
 * pipeline's step names ({@code generate}, {@code ingest}, {@code featurize}, {@code calibrate},
 * {@code register}, {@code materialize}) and {@code backfill-chunk}, {@code backfill}.
 *
 * <p>The process sends itself SIGKILL, exactly what a supervisor or the OOM killer does: no shutdown
 * hook runs, nothing is flushed or closed. Nobody sets the variable in production; the process
 * logs a warning just before it dies, so a test's log says why.
 */
public final class FaultInjection {
  /** The environment variable naming the one point where this process dies. */
  public static final String VARIABLE = "FLOE_FAULT";

  private static final Logger LOG = LoggerFactory.getLogger(FaultInjection.class);
  private static final String TARGET = System.getenv(VARIABLE);

  /** Where in a step. */
  public enum Point {
    /** The step's activity has started; nothing is written yet. */
    STARTED,
    /** Everything is written and the commit (Iceberg, or the Redis pointer switch) is about to be made. */
    BEFORE_COMMIT,
    /** The commit landed; the activity has not returned it yet. */
    AFTER_COMMIT;

    String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  private FaultInjection() {}

  /** Kills this process if {@code FLOE_FAULT} names this step and point; does nothing otherwise. */
  public static void at(String step, Point point) {
    if (TARGET == null || !TARGET.equals(step + ":" + point.label())) {
      return;
    }
    long pid = ProcessHandle.current().pid();
    LOG.warn("{}={} reached: killing this process ({}) with SIGKILL", VARIABLE, TARGET, pid);
    try {
      new ProcessBuilder("kill", "-KILL", Long.toString(pid)).inheritIO().start().waitFor();
    } catch (IOException e) {
      LOG.warn("Cannot run kill ({}); halting instead", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // Reached only if kill failed or has not taken effect yet: the same abrupt end, from inside.
    Runtime.getRuntime().halt(137);
  }
}
