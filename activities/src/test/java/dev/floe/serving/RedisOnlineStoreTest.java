package dev.floe.serving;

import static dev.floe.serving.ConsistentReaders.snapshotWhereEveryValueIs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.error.InvalidInputException;
import dev.floe.error.StorageException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

class RedisOnlineStoreTest extends OnlineStoreContractTest {
  private static final int USERS = 500;
  /** Short enough that a test waits out a crashed publisher's lock, long enough for a real publish. */
  private static final PublishLockTimes QUICK_LOCK = new PublishLockTimes(Duration.ofSeconds(10), Duration.ofSeconds(5));

  @TempDir static Path redisDir;
  private static RedisServer server;
  private String prefix;

  @BeforeAll
  static void startRedis() throws Exception {
    server = RedisServer.start(redisDir);
  }

  @AfterAll
  static void stopRedis() {
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected OnlineStore newStore() {
    // Each test its own key space on the shared server.
    prefix = "floe-test-" + UUID.randomUUID();
    return RedisOnlineStore.connect(server.uri(), prefix, QUICK_LOCK);
  }

  private String lockKey() {
    return prefix + ":publish-lock";
  }

  @Test
  void aPublishDeletesTheKeySpaceOfTheSnapshotItReplaced() {
    store.publish(snapshotWhereEveryValueIs(1, 50));
    store.publish(snapshotWhereEveryValueIs(2, 50));
    store.publish(snapshotWhereEveryValueIs(3, 50));
    try (RedisClient redis = RedisClient.create(server.uri())) {
      assertThat(keys(redis)).containsExactlyInAnyOrder(prefix + ":pointer", prefix + ":snapshot:3");
      assertThat(redis.hlen(prefix + ":snapshot:3")).isEqualTo(50);
    }
  }

  @Test
  void hashesLeftByACrashedPublishAreRemovedByTheNextPublish() throws Exception {
    store.publish(snapshotWhereEveryValueIs(1, USERS));
    try (RedisClient redis = RedisClient.create(server.uri());
        ConsistentReaders readers = ConsistentReaders.start(store, USERS)) {
      // A publisher died half-way through snapshot 5, holding the lock, and one earlier through 2.
      redis.hset(prefix + ":snapshot:5", Map.of("1", "2025-01-06,5", "3", "2025-01-06,5"));
      redis.hset(prefix + ":snapshot:2", Map.of("999999", "2025-01-03,2"));
      redis.set(lockKey(), "crashed-publisher", SetParams.setParams().px(500));

      long started = System.nanoTime();
      assertThat(store.publish(snapshotWhereEveryValueIs(2, USERS))).isTrue();

      assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(300));
      assertThat(keys(redis)).containsExactlyInAnyOrder(prefix + ":pointer", prefix + ":snapshot:2");
      assertThat(redis.hlen(prefix + ":snapshot:2")).isEqualTo(USERS);
      assertThat(redis.hget(prefix + ":snapshot:2", "999999")).isNull();
      assertThat(redis.exists(lockKey())).isFalse();
      readers.close();
      assertThat(readers.problems()).isEmpty();
    }
  }

  @Test
  void aLockHeldByAnotherPublisherBlocksAPublishUntilItExpires() throws Exception {
    store.publish(snapshotWhereEveryValueIs(1, USERS));
    try (RedisClient redis = RedisClient.create(server.uri());
        ConsistentReaders readers = ConsistentReaders.start(store, USERS);
        RedisOnlineStore impatient =
            RedisOnlineStore.connect(server.uri(), prefix, new PublishLockTimes(Duration.ofSeconds(10), Duration.ofMillis(200)))) {
      redis.set(lockKey(), "another-publisher", SetParams.setParams().px(1_500));

      assertThatThrownBy(() -> impatient.publish(snapshotWhereEveryValueIs(2, USERS)))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("the publish lock " + lockKey() + " is held by another publisher")
          .hasMessageContaining("200 ms");
      assertThat(store.servedSnapshotId()).hasValue(1);
      assertThat(redis.get(lockKey())).isEqualTo("another-publisher");
      assertThat(keys(redis)).containsExactlyInAnyOrder(prefix + ":pointer", prefix + ":snapshot:1", lockKey());

      assertThat(store.publish(snapshotWhereEveryValueIs(2, USERS))).isTrue();
      assertThat(store.servedSnapshotId()).hasValue(2);
      assertThat(redis.exists(lockKey())).isFalse();
      readers.close();
      assertThat(readers.problems()).isEmpty();
    }
  }

  @Test
  void aPublisherWhoseLockWasLostCannotSwitchThePointer() throws Exception {
    store.publish(snapshotWhereEveryValueIs(1, USERS));
    try (RedisClient redis = RedisClient.create(server.uri());
        ConsistentReaders readers = ConsistentReaders.start(store, USERS);
        // Its lock expires while it writes (a long GC pause, say) and another publisher takes it.
        RedisOnlineStore paused =
            RedisOnlineStore.connect(server.uri(), prefix, QUICK_LOCK, () -> redis.set(lockKey(), "the-next-publisher"))) {

      assertThatThrownBy(() -> paused.publish(snapshotWhereEveryValueIs(2, USERS)))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("Lost the publish lock " + lockKey())
          .hasMessageContaining("readers were not switched");

      assertThat(store.servedSnapshotId()).hasValue(1);
      assertThat(store.read(List.of(4L)).found().get(4L).newest().spendingMean7d()).isEqualByComparingTo("1");
      // Its release did not delete the lock it no longer held.
      assertThat(redis.get(lockKey())).isEqualTo("the-next-publisher");
      redis.del(lockKey());
      assertThat(store.publish(snapshotWhereEveryValueIs(3, USERS))).isTrue();
      assertThat(keys(redis)).containsExactlyInAnyOrder(prefix + ":pointer", prefix + ":snapshot:3");
      readers.close();
      assertThat(readers.problems()).isEmpty();
    }
  }

  @Test
  void concurrentPublishersTakeTurnsAndNeverDeleteEachOthersHash() throws Exception {
    store.publish(snapshotWhereEveryValueIs(1, USERS));
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    try (RedisClient redis = RedisClient.create(server.uri());
        ConsistentReaders readers = ConsistentReaders.start(store, USERS);
        RedisOnlineStore other = RedisOnlineStore.connect(server.uri(), prefix, QUICK_LOCK)) {
      List<Thread> publishers = new ArrayList<>();
      for (OnlineStore publisher : List.of(store, other)) {
        long parity = publisher == store ? 0 : 1;
        Thread thread =
            new Thread(
                () -> {
                  try {
                    for (long id = 2 + parity; id <= 21; id += 2) {
                      publisher.publish(snapshotWhereEveryValueIs(id, USERS));
                    }
                  } catch (Throwable e) {
                    failures.add(e);
                  }
                });
        thread.start();
        publishers.add(thread);
      }
      for (Thread thread : publishers) {
        thread.join();
      }
      assertThat(failures).isEmpty();
      assertThat(store.servedSnapshotId()).hasValue(21);
      assertThat(keys(redis)).containsExactlyInAnyOrder(prefix + ":pointer", prefix + ":snapshot:21");
      assertThat(redis.hlen(prefix + ":snapshot:21")).isEqualTo(USERS);
      readers.close();
      assertThat(readers.problems()).isEmpty();
    }
  }

  @Test
  void aPrefixWithGlobCharactersOnlyCleansItsOwnKeys() {
    try (RedisClient redis = RedisClient.create(server.uri());
        RedisOnlineStore starred = RedisOnlineStore.connect(server.uri(), prefix + "*[x]", QUICK_LOCK)) {
      redis.hset(prefix + "-neighbour:snapshot:7", Map.of("1", "2025-01-08,7"));
      redis.hset(prefix + "*[x]:snapshot:6", Map.of("1", "2025-01-07,6"));
      starred.publish(snapshotWhereEveryValueIs(1, 10));
      assertThat(redis.exists(prefix + "-neighbour:snapshot:7")).isTrue();
      assertThat(redis.exists(prefix + "*[x]:snapshot:6")).isFalse();
      assertThat(redis.hlen(prefix + "*[x]:snapshot:1")).isEqualTo(10);
    }
  }

  @Test
  void theConfiguredStoreIsEmbeddedByDefaultOrRedisByUri() {
    try (OnlineStore embedded = OnlineStores.open("embedded");
        OnlineStore redis = OnlineStores.open(server.uri().toString())) {
      assertThat(embedded).isInstanceOf(EmbeddedOnlineStore.class);
      assertThat(redis).isInstanceOf(RedisOnlineStore.class);
    }
    assertThatThrownBy(() -> OnlineStores.open("memcached://x"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not 'embedded' or a redis:// URI");
  }

  private List<String> keys(RedisClient redis) {
    List<String> keys = new ArrayList<>();
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> page = redis.scan(cursor, new ScanParams().match(prefix + ":*").count(1000));
      keys.addAll(page.getResult());
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return keys;
  }
}
