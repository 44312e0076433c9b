package dev.floe.activities;

import dev.floe.workflows.TrainingSetActivities;
import dev.floe.workflows.TrainingSetInput;
import dev.floe.workflows.TrainingSetPlan;
import dev.floe.workflows.TrainingSetSummary;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fault a long build must survive: its first attempt dies mid-write, leaving the temporary file
 * an export writes beside its target (as a killed worker would), after {@code meanwhile} has run
 * (a commit landing during the build). Every call is counted, so a test can tell retried from not.
 */
final class FirstBuildCrashesActivities implements TrainingSetActivities {
  private final TrainingSetActivities real;
  private final Runnable meanwhile;
  private final AtomicInteger crashesLeft;
  final AtomicInteger plans = new AtomicInteger();
  final AtomicInteger builds = new AtomicInteger();

  FirstBuildCrashesActivities(TrainingSetActivities real, Runnable meanwhile) {
    this(real, meanwhile, 1);
  }

  private FirstBuildCrashesActivities(TrainingSetActivities real, Runnable meanwhile, int crashes) {
    this.real = real;
    this.meanwhile = meanwhile;
    this.crashesLeft = new AtomicInteger(crashes);
  }

  /** Only counts: no build crashes. */
  static FirstBuildCrashesActivities counting(TrainingSetActivities real) {
    return new FirstBuildCrashesActivities(real, () -> {}, 0);
  }

  @Override
  public TrainingSetPlan planTrainingSet(TrainingSetInput input) {
    plans.incrementAndGet();
    return real.planTrainingSet(input);
  }

  @Override
  public TrainingSetSummary buildTrainingSet(TrainingSetPlan plan) {
    builds.incrementAndGet();
    if (crashesLeft.getAndDecrement() <= 0) {
      return real.buildTrainingSet(plan);
    }
    meanwhile.run();
    Path out = Path.of(plan.out());
    try {
      // Named as QueryExport names its temporary files: "." + target name + "." + UUID + ".partial".
      Files.writeString(out.resolveSibling("." + out.getFileName() + "." + UUID.randomUUID() + ".partial"), "PAR1 half a");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw ApplicationFailure.newFailure("worker died mid-write", "Crash");
  }
}
