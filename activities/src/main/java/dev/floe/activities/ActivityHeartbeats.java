package dev.floe.activities;

import dev.floe.error.FloeException;
import dev.floe.workflows.FeaturePipelineImpl;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs an activity's body while heartbeating from a thread of its own (the body is one long DuckDB
 * statement that cannot beat itself), and maps Floe's errors the way the pipeline's activities do.
 */
final class ActivityHeartbeats implements AutoCloseable {
  private static final long INTERVAL_MILLIS = FeaturePipelineImpl.HEARTBEAT_TIMEOUT.toMillis() / 5;

  private final ScheduledExecutorService heartbeats;

  ActivityHeartbeats(String threadName) {
    this.heartbeats =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, threadName);
              thread.setDaemon(true);
              return thread;
            });
  }

  <T> T run(Supplier<T> body) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    ScheduledFuture<?> heartbeat =
        heartbeats.scheduleAtFixedRate(() -> beat(context), 0, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    try {
      return body.get();
    } catch (FloeException e) {
      throw PipelineActivitiesImpl.toFailure(e);
    } finally {
      heartbeat.cancel(false);
    }
  }

  private static void beat(ActivityExecutionContext context) {
    // Cancelled or timed out on the server: rethrowing ends the periodic beat; the body itself
    // finishes, and whatever it leaves is found or cleaned up by the next attempt.
    context.heartbeat(null);
  }

  @Override
  public void close() {
    heartbeats.shutdownNow();
  }
}
