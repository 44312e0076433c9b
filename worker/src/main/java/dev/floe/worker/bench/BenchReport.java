package dev.floe.worker.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.floe.serving.LookupLatency;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * What {@code floe bench} measured: each step through Floe against the bare DuckDB statements that
 * compute the same thing, the pipeline totals, peak memory, the targets, and the checks that both
 * sides really produced the same rows (without which the comparison would mean nothing).
 *
 * @param steps generate, featurize, calibrate, register, in the order they ran
 * @param pipeline Floe's four steps against the sum of the bare statements (register has none)
 * @param orchestrated the same pipeline as a Temporal workflow, against the direct calls
 * @param serving the serving rows (training set, online lookups, freshness) after the pipeline;
 *     null when the bench ran with {@code --no-serving}
 * @param peakRssMb the highest resident set size seen in any step, in MiB
 * @param peakRssScope {@code step} when each step's peak was measured alone, {@code cumulative}
 *     when the kernel refused to reset the high-water mark and each reading covers the run so far
 */
public record BenchReport(
    Size size,
    Machine machine,
    List<Double> loadAverageBefore,
    List<Double> loadAverageAfter,
    List<Step> steps,
    Totals pipeline,
    OrchestratedRun orchestrated,
    Serving serving,
    Long peakRssMb,
    String peakRssScope,
    List<OutputCheck> checks,
    List<Target> targets,
    Path dataDir) {

  public static final String SCOPE_STEP = "step";
  public static final String SCOPE_CUMULATIVE = "cumulative";

  public BenchReport {
    requireNonNull(size, "size is null");
    requireNonNull(machine, "machine is null");
    loadAverageBefore = List.copyOf(loadAverageBefore);
    loadAverageAfter = List.copyOf(loadAverageAfter);
    steps = List.copyOf(steps);
    requireNonNull(pipeline, "pipeline is null");
    requireNonNull(orchestrated, "orchestrated is null");
    requireNonNull(peakRssScope, "peakRssScope is null");
    checks = List.copyOf(checks);
    targets = List.copyOf(targets);
    requireNonNull(dataDir, "dataDir is null");
  }

  /** The generate request's shape. */
  public record Size(long events, int users, int days, long seed, LocalDate endDate) {}

  /** Where it ran: results from different machines or loads are not comparable. */
  public record Machine(int cpus, Long memoryMb, String os, String java, String duckdb) {}

  /**
   * One step. {@code bareSeconds} and {@code ratio} are null for a step without a bare counterpart
   * (register: it exists only because of the catalog). Peaks are null where /proc cannot say.
   */
  public record Step(
      String step,
      double floeSeconds,
      Double bareSeconds,
      Double ratio,
      Long floePeakRssMb,
      Long barePeakRssMb) {
    public Step {
      requireNonNull(step, "step is null");
    }
  }

  public record Totals(double floeSeconds, double bareSeconds, double ratio) {}

  /**
   * The pipeline run as a {@code FeaturePipeline} workflow through Temporal's server embedded in
   * this process, from starting the run to its result ({@code seconds}), against the direct library
   * calls of the same benchmark ({@code directSeconds}); starting the server and the worker takes
   * {@code setupSeconds} more. Two runs differ by more than Temporal's cost on a busy machine, so
   * the run also times its steps from inside ({@code stepSeconds}): the rest of its wall time is
   * what Temporal adds ({@link #overheadMillis()}), on a worker that has run a pipeline before.
   * {@code firstRunOverheadMillis} is what that first (1,000-event) run in the process added.
   */
  public record OrchestratedRun(
      double seconds,
      double setupSeconds,
      double directSeconds,
      double ratio,
      Long peakRssMb,
      double stepSeconds,
      double firstRunOverheadMillis) {
    /** The run's wall time less the time inside its steps, in milliseconds. */
    @JsonProperty("overhead_millis")
    public double overheadMillis() {
      return (seconds - stepSeconds) * 1000;
    }
  }

  /**
   * Floe's output of a step against the compared one's (the bare statement's, or the orchestrated
   * run's): rows and an order-independent fingerprint of their content (for a threshold: training
   * rows and the threshold itself).
   */
  public record OutputCheck(
      String output,
      long floeRows,
      long comparedRows,
      String floeFingerprint,
      String comparedFingerprint) {
    public OutputCheck {
      requireNonNull(output, "output is null");
      requireNonNull(floeFingerprint, "floeFingerprint is null");
      requireNonNull(comparedFingerprint, "comparedFingerprint is null");
    }

    @JsonProperty("identical")
    public boolean identical() {
      return floeRows == comparedRows && floeFingerprint.equals(comparedFingerprint);
    }
  }

  /**
   * Issue 5's figures, measured on the pipeline's own store after it ran. {@code freshness} is the
   * embedded store's; {@code redisFreshness} the same rounds through Redis, null when not measured,
   * and then {@code redisSkipped} says why.
   */
  public record Serving(
      TrainingSetRun trainingSet,
      List<LookupLatency> lookups,
      Freshness freshness,
      Freshness redisFreshness,
      String redisSkipped) {
    public Serving {
      requireNonNull(trainingSet, "trainingSet is null");
      lookups = List.copyOf(lookups);
      requireNonNull(freshness, "freshness is null");
      if ((redisFreshness == null) == (redisSkipped == null)) {
        throw new IllegalArgumentException(
            "Redis freshness needs either a measurement or the reason it was skipped, not both or neither");
      }
    }
  }

  /**
   * A point-in-time training set of {@code labels} label rows to Parquet through {@code
   * TrainingSetBuilder} (what {@code floe training-set} runs) against bare statements over the same
   * files, ordered like the builder's output: {@code bare*} the equality join the builder's own path
   * amounts to on a gap-free snapshot, {@code bareAsof*} the ASOF join; {@code labelRowsPerSecond}
   * is Floe's.
   */
  public record TrainingSetRun(
      long labels,
      long rowsWithFeatures,
      double floeSeconds,
      double bareSeconds,
      double ratio,
      double bareAsofSeconds,
      double asofRatio,
      double labelRowsPerSecond,
      Long floePeakRssMb,
      Long barePeakRssMb) {}

  /**
   * Commit to online visibility in process: an {@code OnlineMaterializer} polling the embedded
   * store every {@code pollMillis}, and {@code millis.size()} commits of one more day of features
   * through a second catalog, each timed from its snapshot's timestamp until the store served it.
   * {@code materializeSeconds}: the first, whole materialize of the pipeline's snapshot.
   */
  public record Freshness(
      long pollMillis, double materializeSeconds, List<Long> millis, long medianMillis, long maxMillis) {
    public Freshness {
      millis = List.copyOf(millis);
    }
  }

  /** A target from the issue: {@code actual} at most (for memory, under; for a rate, at least) {@code limit}. */
  public record Target(String name, String comparison, double limit, Double actual) {
    public Target {
      requireNonNull(name, "name is null");
      requireNonNull(comparison, "comparison is null");
    }

    @JsonProperty("met")
    public Boolean met() {
      if (actual == null) {
        return null;
      }
      return switch (comparison) {
        case "<" -> actual < limit;
        case ">=" -> actual >= limit;
        default -> actual <= limit;
      };
    }
  }

  public boolean outputsIdentical() {
    return checks.stream().allMatch(OutputCheck::identical);
  }

  public Step step(String name) {
    return steps.stream()
        .filter(step -> step.step().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No step " + name + " in " + steps));
  }
}
