package dev.floe.serving;

import static java.util.Objects.requireNonNull;

import dev.floe.error.StorageException;
import dev.floe.pointintime.FeatureValue;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The production online store, in Redis. Each snapshot gets its own key space, a hash {@code
 * <prefix>:snapshot:<id>} of user id to {@code dt,value}; a pointer hash {@code <prefix>:pointer}
 * names the served snapshot. A publish writes the new hash in full, switches the pointer with one
 * script, then deletes the old hash; reads run as one script that follows the pointer, so they are
 * atomic against a switch. (The script touches a key it computes, so this wants a standalone Redis
 * or a cluster with the prefix in one hash slot.) A publish that dies half-way leaves its hash
 * behind, unserved; publishing that snapshot again rewrites it, and nothing else reads it.
 */
public final class RedisOnlineStore implements OnlineStore {
  private static final Logger LOG = LoggerFactory.getLogger(RedisOnlineStore.class);
  private static final int WRITE_BATCH = 1_000;
  private static final String READ_SCRIPT = script("read_latest_features");
  private static final String SWITCH_SCRIPT = script("switch_snapshot");

  private final RedisClient redis;
  private final String prefix;

  private RedisOnlineStore(RedisClient redis, String prefix) {
    this.redis = redis;
    this.prefix = prefix;
  }

  /** Connects to {@code uri} (for example {@code redis://127.0.0.1:6379}); keys start with {@code prefix}. */
  public static RedisOnlineStore connect(URI uri, String prefix) {
    requireNonNull(uri, "uri is null");
    requireNonNull(prefix, "prefix is null");
    try {
      RedisClient client = RedisClient.create(uri);
      client.ping();
      return new RedisOnlineStore(client, prefix);
    } catch (JedisException e) {
      throw new StorageException("Cannot connect to Redis at " + uri + ": " + e.getMessage(), e);
    }
  }

  private String pointerKey() {
    return prefix + ":pointer";
  }

  private String snapshotPrefix() {
    return prefix + ":snapshot:";
  }

  @Override
  public OptionalLong servedSnapshotId() {
    try {
      String id = redis.hget(pointerKey(), "snapshot_id");
      return id == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(id));
    } catch (JedisException e) {
      throw new StorageException("Cannot read the Redis pointer " + pointerKey() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean publish(LatestFeatures latest) {
    String id = Long.toString(latest.snapshotId());
    String key = snapshotPrefix() + id;
    try {
      if (id.equals(redis.hget(pointerKey(), "snapshot_id"))) {
        return true;
      }
      // A hash left by a publish that died half-way is rewritten from scratch.
      redis.unlink(key);
      writeRows(key, latest.rows());
      List<?> switched =
          (List<?>) redis.eval(SWITCH_SCRIPT, List.of(pointerKey()), List.of(id, Long.toString(latest.sequenceNumber())));
      boolean accepted = ((Long) switched.get(0)) == 1L;
      Object other = switched.get(1);
      if (!accepted) {
        LOG.info("Redis already serves newer snapshot {}; snapshot {} not published", other, id);
        redis.unlink(key);
        return false;
      }
      if (other != null && !id.equals(other)) {
        redis.unlink(snapshotPrefix() + other);
      }
      LOG.info("Redis serves snapshot {} ({} users), replacing {}", id, latest.size(), other);
      return true;
    } catch (JedisException e) {
      throw new StorageException("Cannot publish snapshot " + id + " to Redis: " + e.getMessage(), e);
    }
  }

  private void writeRows(String key, List<FeatureValue> rows) {
    try (AbstractPipeline pipeline = redis.pipelined()) {
      Map<String, String> batch = new HashMap<>();
      for (FeatureValue row : rows) {
        batch.put(Long.toString(row.userId()), row.dt() + "," + row.spendingMean7d().toPlainString());
        if (batch.size() == WRITE_BATCH) {
          pipeline.hset(key, batch);
          batch = new HashMap<>();
        }
      }
      if (!batch.isEmpty()) {
        pipeline.hset(key, batch);
      }
      pipeline.sync();
    }
  }

  @Override
  public ServedFeatures read(List<Long> userIds) {
    if (userIds.isEmpty()) {
      OptionalLong served = servedSnapshotId();
      return new ServedFeatures(served.isPresent() ? served.getAsLong() : null, Map.of());
    }
    List<String> arguments = new ArrayList<>(userIds.size() + 1);
    arguments.add(snapshotPrefix());
    userIds.forEach(id -> arguments.add(Long.toString(id)));
    List<?> reply;
    try {
      reply = (List<?>) redis.eval(READ_SCRIPT, List.of(pointerKey()), arguments);
    } catch (JedisException e) {
      throw new StorageException("Cannot read features from Redis: " + e.getMessage(), e);
    }
    if (reply.isEmpty()) {
      return new ServedFeatures(null, Map.of());
    }
    List<?> values = (List<?>) reply.get(1);
    Map<Long, FeatureValue> found = new LinkedHashMap<>();
    for (int i = 0; i < userIds.size(); i++) {
      Object value = values.get(i);
      if (value != null) {
        found.put(userIds.get(i), decode(userIds.get(i), value.toString()));
      }
    }
    return new ServedFeatures(Long.parseLong(reply.get(0).toString()), found);
  }

  private static FeatureValue decode(long userId, String value) {
    int comma = value.indexOf(',');
    return new FeatureValue(
        userId, LocalDate.parse(value.substring(0, comma)), new BigDecimal(value.substring(comma + 1)));
  }

  @Override
  public void close() {
    redis.close();
  }

  private static String script(String name) {
    String resource = "/redis/" + name + ".lua";
    try (InputStream in = RedisOnlineStore.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Missing Redis script " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read Redis script " + resource, e);
    }
  }
}
