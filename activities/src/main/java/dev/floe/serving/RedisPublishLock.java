package dev.floe.serving;

import dev.floe.error.StorageException;
import java.util.List;
import java.util.UUID;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

/**
 * One publisher's hold on {@code <prefix>:publish-lock}: taken with {@code SET NX PX} and a random
 * token, so only one publisher at a time cleans up and writes, and a crashed one's lock expires by
 * itself; refreshed and released only while the token is still the caller's (compare-and-set
 * scripts), so a publisher whose lock expired never extends or deletes another's.
 */
final class RedisPublishLock implements AutoCloseable {
  private static final String REFRESH_SCRIPT = RedisScript.load("refresh_publish_lock");
  private static final String RELEASE_SCRIPT = RedisScript.load("release_publish_lock");
  private static final long RETRY_MILLIS = 25;

  private final RedisClient redis;
  private final String key;
  private final String token;
  private final PublishLockTimes times;

  private RedisPublishLock(RedisClient redis, String key, String token, PublishLockTimes times) {
    this.redis = redis;
    this.key = key;
    this.token = token;
    this.times = times;
  }

  /** Takes the lock, waiting up to {@code times.maxWait()} for another publisher to release it or for it to expire. */
  static RedisPublishLock acquire(RedisClient redis, String key, PublishLockTimes times, String publishing) {
    String token = UUID.randomUUID().toString();
    long deadline = System.nanoTime() + times.maxWait().toNanos();
    while (true) {
      if ("OK".equals(redis.set(key, token, SetParams.setParams().nx().px(times.ttl().toMillis())))) {
        return new RedisPublishLock(redis, key, token, times);
      }
      if (System.nanoTime() >= deadline) {
        long expiresInMillis = redis.pttl(key);
        throw new StorageException(
            "Cannot publish " + publishing + " to Redis: the publish lock " + key + " is held by another"
                + " publisher and was not released within " + times.maxWait().toMillis() + " ms"
                + (expiresInMillis > 0 ? " (it expires in " + expiresInMillis + " ms unless refreshed)" : "")
                + "; retry once that publish has finished",
            null);
      }
      try {
        Thread.sleep(RETRY_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StorageException("Interrupted while waiting for the publish lock " + key, e);
      }
    }
  }

  String key() {
    return key;
  }

  String token() {
    return token;
  }

  /** Extends the lock by its time to live; fails when it is no longer this publisher's. */
  void refresh(String publishing) {
    Object extended = redis.eval(REFRESH_SCRIPT, List.of(key), List.of(token, Long.toString(times.ttl().toMillis())));
    if (!Long.valueOf(1).equals(extended)) {
      throw lost(publishing);
    }
  }

  StorageException lost(String publishing) {
    return new StorageException(
        "Lost the publish lock " + key + " while publishing " + publishing + " (it expired, or another"
            + " publisher took it): readers were not switched; the next publish removes the partial hash",
        null);
  }

  @Override
  public void close() {
    redis.eval(RELEASE_SCRIPT, List.of(key), List.of(token));
  }
}
