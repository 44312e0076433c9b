package dev.floe.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.floe.pointintime.FeatureSnapshotChoice;
import dev.floe.pointintime.FeatureValue;
import dev.floe.pointintime.FeaturesAsOf;
import dev.floe.pointintime.NewestRowsReader;
import dev.floe.pointintime.OfflineFeatures;
import dev.floe.serving.OnlineFeatureService;
import dev.floe.serving.OnlineFeatures;
import dev.floe.serving.OnlineFeaturesBatch;
import dev.floe.serving.OnlineStore;
import dev.floe.serving.OnlineStores;
import dev.floe.serving.RedisServer;
import dev.floe.workflows.PipelineInput;
import dev.floe.workflows.PipelineResult;
import dev.floe.workflows.PipelineStep;
import dev.floe.workflows.StepDuration;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline's materialize step against a real redis-server: online answers equal offline ones. */
class PipelineMaterializeTest {
  private static final int USERS = 40;

  @TempDir Path dataDir;
  @TempDir Path redisDir;

  @Test
  void afterARunWithAnOnlineStoreEveryUsersOnlineAnswerEqualsTheOfflineOne() throws Exception {
    try (RedisServer redis = RedisServer.start(redisDir);
        PipelineTestEnvironment pipeline = PipelineTestEnvironment.start(dataDir)) {
      PipelineInput input = PipelineInputs.parse("{\"users\": " + USERS + ", \"events\": 4000, \"days\": 30,"
          + " \"end_date\": \"2025-09-17\", \"online_store\": \"" + redis.uri() + "\"}");

      PipelineResult first = pipeline.run("materialize-1", input);
      assertParity(pipeline, redis, first.featureSnapshotId());
      assertThat(first.steps()).extracting(StepDuration::step).containsExactly(
          PipelineStep.GENERATE, PipelineStep.FEATURIZE, PipelineStep.CALIBRATE, PipelineStep.REGISTER,
          PipelineStep.MATERIALIZE);

      // A second run appends more days' events: readers switch to the new snapshot's rows.
      PipelineResult second = pipeline.run("materialize-2", PipelineInputs.parse("{\"users\": " + USERS
          + ", \"events\": 2000, \"days\": 5, \"end_date\": \"2025-09-22\", \"seed\": 7, \"online_store\": \""
          + redis.uri() + "\"}"));
      assertThat(second.featureSnapshotId()).isNotEqualTo(first.featureSnapshotId());
      assertParity(pipeline, redis, second.featureSnapshotId());
    }
  }

  @Test
  void aRunWithoutAnOnlineStoreHasNoMaterializeStep() {
    try (PipelineTestEnvironment pipeline = PipelineTestEnvironment.start(dataDir)) {
      PipelineResult result = pipeline.run("no-online", PipelineInputs.generate(10, 1000));

      assertThat(result.steps()).extracting(StepDuration::step).doesNotContain(PipelineStep.MATERIALIZE);
    }
  }

  @Test
  void anOnlineStoreThatIsNotARedisUriFailsTheRunBeforeAnyStep() {
    try (PipelineTestEnvironment pipeline = PipelineTestEnvironment.start(dataDir)) {
      PipelineInput input = PipelineInputs.parse("{\"users\": 10, \"events\": 100, \"online_store\": \"embedded\"}");

      WorkflowFailedException failure =
          catchThrowableOfType(WorkflowFailedException.class, () -> pipeline.run("bad-online", input));

      ApplicationFailure cause = (ApplicationFailure) failure.getCause();
      assertThat(cause.getType()).isEqualTo("InvalidInput");
      assertThat(cause.getOriginalMessage()).contains("online_store").contains("redis://").contains("'embedded'");
      assertThat(pipeline.snapshots(dev.floe.catalog.FloeTable.RAW_EVENTS)).isEmpty();
    }
  }

  /** A separate reader of the Redis store (as a serving process would be) against Iceberg. */
  private static void assertParity(PipelineTestEnvironment pipeline, RedisServer redis, long featureSnapshotId) {
    // Both answers at the same instant: online reads pick the row known then, as offline ones do.
    Instant now = Instant.now();
    FeaturesAsOf offline = new OfflineFeatures(pipeline.catalog).asOf(now, FeatureSnapshotChoice.current());
    assertThat(offline.featureSnapshotId()).isEqualTo(featureSnapshotId);
    Map<Long, FeatureValue> offlineByUser =
        offline.features().stream().collect(Collectors.toMap(FeatureValue::userId, Function.identity()));
    assertThat(offlineByUser).hasSize(USERS);
    // Featurized data is gap-filled, so the store was built from the two newest dates alone.
    assertThat(new NewestRowsReader(pipeline.catalog).read(featureSnapshotId).wholeSnapshot()).isFalse();

    try (OnlineStore store = OnlineStores.open(redis.uri().toString())) {
      // Every generated user, plus ids no run generated: those must be absent both ways.
      List<Long> asked = LongStream.rangeClosed(-2, USERS + 3).boxed().toList();
      OnlineFeaturesBatch online =
          new OnlineFeatureService(store, OnlineFeatureService.DEFAULT_TTL, Clock.fixed(now, ZoneOffset.UTC))
              .lookup(asked);

      assertThat(online.snapshotId()).isEqualTo(featureSnapshotId);
      assertThat(online.features()).hasSize(asked.size()).allSatisfy(answer -> {
        FeatureValue expected = offlineByUser.get(answer.userId());
        assertThat(answer.found()).as("user %d found online", answer.userId()).isEqualTo(expected != null);
        if (expected != null) {
          assertThat(answer.dt()).as("user %d dt", answer.userId()).isEqualTo(expected.dt());
          assertThat(answer.spendingMean7d()).as("user %d spending_mean_7d", answer.userId())
              .isEqualByComparingTo(expected.spendingMean7d());
        }
      });
      assertThat(online.features()).filteredOn(OnlineFeatures::found).hasSize(USERS);
    }
  }
}
