package dev.floe.worker.bench;

import dev.floe.engine.SqlLiteral;
import static java.util.Objects.requireNonNull;

import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.engine.DuckDb;
import dev.floe.engine.SnapshotFiles;
import dev.floe.engine.SqlFile;
import dev.floe.engine.SqlStatement;
import dev.floe.error.StorageException;
import dev.floe.pointintime.BareTrainingSet;
import dev.floe.pointintime.FeatureSnapshotChoice;
import dev.floe.pointintime.TrainingSetBuilder;
import dev.floe.pointintime.TrainingSetRequest;
import dev.floe.serving.EmbeddedOnlineStore;
import dev.floe.serving.LookupLatency;
import dev.floe.serving.MaterializeResult;
import dev.floe.serving.OnlineFeatureService;
import dev.floe.serving.OnlineMaterializer;
import dev.floe.serving.OnlineStore;
import dev.floe.serving.OnlineStores;
import dev.floe.serving.RedisOnlineStore;
import dev.floe.serving.RedisServer;
import dev.floe.serving.OnlineVisibility;
import dev.floe.workflows.GenerateRequest;
import dev.floe.workflows.TrainingSetSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The serving rows of {@code floe bench} (issue 5), on the store the pipeline just built:
 *
 * <ul>
 *   <li>a point-in-time training set: a label file written untimed ({@code sql/bench_labels.sql}:
 *       random generated users, {@code as_of_ts} over the window and a little before it), built to
 *       Parquet by {@link TrainingSetBuilder}, then by the bare ASOF statement ({@link
 *       BareTrainingSet}) over the very files of the same snapshot, given its file list before its
 *       clock starts; both outputs are fingerprinted afterwards;
 *   <li>online lookups through {@link OnlineFeatureService} in process, 1 and 100 users;
 *   <li>freshness: the materializer polling the bench's catalog while a second catalog commits one
 *       more day of features, a few times ({@link OnlineVisibility}); into the embedded store, then
 *       into Redis when {@code redis-server} is installed (one of its own on loopback).
 * </ul>
 *
 * Freshness runs last: its commits change {@code user_features}.
 */
public final class ServingBenchmark {
  static final String TRAINING_SET = "training-set";
  static final Duration POLL_INTERVAL = Duration.ofMillis(100);
  public static final int FRESHNESS_ROUNDS = 5;
  static final List<Integer> LOOKUP_USERS = List.of(1, 100);
  static final int LOOKUPS = 10_000;
  private static final Duration VISIBILITY_TIMEOUT = Duration.ofMinutes(2);

  private final GenerateRequest request;
  private final long labels;

  ServingBenchmark(GenerateRequest request, long labels) {
    this.request = requireNonNull(request, "request is null");
    if (labels < 1) {
      throw new IllegalArgumentException("Invalid label row count: " + labels + " (must be positive)");
    }
    this.labels = labels;
  }

  record Result(BenchReport.Serving row, List<BenchReport.OutputCheck> checks) {
    Result {
      checks = List.copyOf(checks);
    }
  }

  /** Where the label file and both training sets are written inside a benchmark directory. */
  static Path servingDirectory(Path benchDirectory) {
    return benchDirectory.resolve("serving");
  }

  Result run(FloeCatalog catalog, Path floeDirectory, Path benchDirectory, PipelineBenchmark.Peaks peaks) {
    Path directory = servingDirectory(benchDirectory);
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new StorageException("Cannot create " + directory + ": " + e.getMessage(), e);
    }
    Path labelFile = writeLabels(directory.resolve("labels.parquet"));
    Path floeOut = directory.resolve("training-set-floe.parquet");
    Path bareOut = directory.resolve("training-set-bare.parquet");
    Path bareAsofOut = directory.resolve("training-set-bare-asof.parquet");

    PipelineBenchmark.Measured<TrainingSetSummary> floe =
        PipelineBenchmark.measure(
            "Floe " + TRAINING_SET,
            peaks,
            () ->
                new TrainingSetBuilder(catalog)
                    .build(new TrainingSetRequest(labelFile, FeatureSnapshotChoice.current(), null, floeOut)));
    SnapshotFiles features =
        SnapshotFiles.of(catalog.load(FloeTable.USER_FEATURES), floe.value().featureSnapshotId());
    // Like for like: the statement the builder's own path amounts to on this gap-free snapshot; and
    // the ASOF join a person would more likely write.
    PipelineBenchmark.Measured<Path> bare = bare(labelFile, features, bareOut, BareTrainingSet.Join.EQUALITY, peaks);
    PipelineBenchmark.Measured<Path> bareAsof = bare(labelFile, features, bareAsofOut, BareTrainingSet.Join.ASOF, peaks);
    Fingerprint floeRows = fingerprint(floeOut);
    BenchReport.TrainingSetRun trainingSet =
        new BenchReport.TrainingSetRun(
            floe.value().rows(),
            floe.value().rowsWithFeatures(),
            floe.seconds(),
            bare.seconds(),
            PipelineBenchmark.ratio(floe.seconds(), bare.seconds()),
            bareAsof.seconds(),
            PipelineBenchmark.ratio(floe.seconds(), bareAsof.seconds()),
            PipelineBenchmark.round(floe.value().rows() / floe.seconds(), 0),
            floe.peakRssMb(),
            bare.peakRssMb());
    List<BenchReport.OutputCheck> checks =
        List.of(check("training_set", floeRows, fingerprint(bareOut)),
            check("training_set_asof", floeRows, fingerprint(bareAsofOut)));
    if (floe.value().rows() != labels || floe.value().rowsWithFeatures() != floeRows.withFeatures()) {
      throw new IllegalStateException(
          "The training set's summary disagrees with its file: "
              + floe.value().rows() + " rows (" + labels + " labels written), "
              + floe.value().rowsWithFeatures() + " with features; the file holds " + floeRows.describe());
    }

    try (EmbeddedOnlineStore store = new EmbeddedOnlineStore();
        OnlineMaterializer materializer = new OnlineMaterializer(catalog, store)) {
      MaterializeResult materialized = materializer.materializeCurrent();
      OnlineFeatureService service =
          new OnlineFeatureService(store, OnlineFeatureService.DEFAULT_TTL, Clock.systemUTC());
      List<LookupLatency> lookups = new ArrayList<>();
      for (int users : LOOKUP_USERS) {
        lookups.add(LookupLatency.measure(service, request.users(), users, LOOKUPS, request.seed()));
      }
      BenchReport.Freshness freshness = freshness(materializer, materialized, store, floeDirectory);
      materializer.close();
      RedisFreshness redis = redisFreshness(catalog, floeDirectory, directory);
      return new Result(
          new BenchReport.Serving(trainingSet, lookups, freshness, redis.freshness(), redis.skipped()),
          checks);
    }
  }

  /** The Redis store's freshness, or why it was not measured. */
  private record RedisFreshness(BenchReport.Freshness freshness, String skipped) {}

  /**
   * The same freshness rounds through the Redis store, on a {@code redis-server} of its own on
   * loopback (as the tests start one), when one is installed.
   */
  private static RedisFreshness redisFreshness(FloeCatalog catalog, Path floeDirectory, Path directory) {
    if (RedisServer.binary().isEmpty()) {
      return new RedisFreshness(null, "redis-server is not on PATH");
    }
    Path redisDirectory = directory.resolve("redis");
    try {
      Files.createDirectories(redisDirectory);
      try (RedisServer redis = RedisServer.start(redisDirectory);
          RedisOnlineStore store = RedisOnlineStore.connect(redis.uri(), OnlineStores.DEFAULT_REDIS_PREFIX);
          OnlineMaterializer materializer = new OnlineMaterializer(catalog, store)) {
        MaterializeResult materialized = materializer.materializeCurrent();
        return new RedisFreshness(freshness(materializer, materialized, store, floeDirectory), null);
      }
    } catch (IOException e) {
      throw new StorageException("Cannot start redis-server in " + redisDirectory + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted starting redis-server", e);
    }
  }

  /**
   * Commit to online: {@code materializer} polls while a second catalog commits one more day,
   * {@link #FRESHNESS_ROUNDS} times, each timed until {@code store} serves the new snapshot.
   */
  private static BenchReport.Freshness freshness(
      OnlineMaterializer materializer, MaterializeResult materialized, OnlineStore store, Path floeDirectory) {
    materializer.startPolling(POLL_INTERVAL);
    List<Long> millis = new ArrayList<>();
    try (FloeCatalog writer = FloeCatalog.open(floeDirectory)) {
      for (int round = 0; round < FRESHNESS_ROUNDS; round++) {
        millis.add(OnlineVisibility.afterNextDay(writer, store, VISIBILITY_TIMEOUT));
      }
    }
    List<Long> sorted = millis.stream().sorted().toList();
    return new BenchReport.Freshness(
        POLL_INTERVAL.toMillis(),
        PipelineBenchmark.round(materialized.seconds(), 3),
        millis,
        sorted.get(sorted.size() / 2),
        sorted.get(sorted.size() - 1));
  }

  private static PipelineBenchmark.Measured<Path> bare(
      Path labels, SnapshotFiles features, Path out, BareTrainingSet.Join join, PipelineBenchmark.Peaks peaks) {
    return PipelineBenchmark.measure(
        "bare " + join.name().toLowerCase(java.util.Locale.ROOT) + " " + TRAINING_SET,
        peaks,
        () -> {
          BareTrainingSet.write(labels, features, out, join, BareTrainingSet.Order.BY_REQUEST_ID);
          return out;
        });
  }

  private static BenchReport.OutputCheck check(String output, Fingerprint floe, Fingerprint bare) {
    return new BenchReport.OutputCheck(output, floe.rows(), bare.rows(), floe.describe(), bare.describe());
  }

  /** The label rows, as Parquet written by DuckDB; untimed. */
  private Path writeLabels(Path file) {
    long start = request.endDate().minusDays(request.days() - 1L + 2).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    long span = (request.days() + 3L) * 86_400;
    String copy =
        "COPY ("
            + SqlFile.load("bench_labels").text()
            + ") TO "
            + SqlLiteral.path(file)
            + " (FORMAT parquet)";
    long seed = request.seed();
    try (Connection duck = DuckDb.open();
        PreparedStatement statement =
            new SqlStatement(copy, List.of(seed, (long) request.users(), seed, start, seed, span, labels))
                .prepare(duck)) {
      statement.executeUpdate();
      return file;
    } catch (SQLException e) {
      throw new StorageException("Cannot write the bench's labels to " + file + ": " + e.getMessage(), e);
    }
  }

  private record Fingerprint(long rows, long withFeatures, String fingerprint) {
    String describe() {
      return withFeatures + " with features, " + fingerprint;
    }
  }

  private static Fingerprint fingerprint(Path trainingSet) {
    String relation = SqlLiteral.parquetFile(trainingSet);
    String sql = SqlFile.load("training_set_fingerprint").render(Map.of("training_set", relation));
    try (Connection duck = DuckDb.open()) {
      return SqlStatement.of(sql)
          .queryOne(
              duck,
              row ->
                  new Fingerprint(
                      row.getLong("row_count"), row.getLong("with_features"), row.getString("fingerprint")));
    } catch (SQLException e) {
      throw new StorageException("Cannot close DuckDB: " + e.getMessage(), e);
    }
  }
}
