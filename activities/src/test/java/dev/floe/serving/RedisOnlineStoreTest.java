package dev.floe.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

class RedisOnlineStoreTest extends OnlineStoreContractTest {
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
    return RedisOnlineStore.connect(server.uri(), prefix);
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
  void theConfiguredStoreIsEmbeddedByDefaultOrRedisByUri() {
    try (OnlineStore embedded = OnlineStores.open("embedded");
        OnlineStore redis = OnlineStores.open(server.uri().toString())) {
      assertThat(embedded).isInstanceOf(EmbeddedOnlineStore.class);
      assertThat(redis).isInstanceOf(RedisOnlineStore.class);
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> OnlineStores.open("memcached://x"))
        .isInstanceOf(dev.floe.error.InvalidInputException.class)
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
