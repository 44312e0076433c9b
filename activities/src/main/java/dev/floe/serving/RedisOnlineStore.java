package dev.floe.serving;

import static java.util.Objects.requireNonNull;

import dev.floe.error.StorageException;
import dev.floe.fault.FaultInjection;
import dev.floe.pointintime.FeatureValue;
import dev.floe.pointintime.NewestFeatureRows;
import dev.floe.pointintime.PointInTimeColumns;
import dev.floe.workflows.PipelineStep;
import java.math.BigDecimal;
import java.net.URI;
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
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The production online store, in Redis. Each snapshot gets its own key space, a hash {@code
 * <prefix>:snapshot:<id>} of user id to the user's newest row and the one before it ({@code
 * dt,value} or {@code dt,value;dt,value}, so a read can pick the row known at its own instant; a
 * snapshot with applied features has one value per feature column, {@code dt,v1,v2,…}, in the order
 * its field {@value #COLUMNS_FIELD} lists, an empty value for null); a pointer hash {@code <prefix>:pointer} names the served snapshot. Reads run as one script that
 * follows the pointer, so they are atomic against a switch. (The scripts touch keys they compute,
 * so this wants a standalone Redis or a cluster with the prefix in one hash slot.)
 *
 * <p>A publish runs under the publish lock {@code <prefix>:publish-lock} ({@link RedisPublishLock}),
 * so concurrent publishers take turns: it first unlinks every snapshot hash but the served one
 * (left by publishes that crashed; with the lock held, no other publish is in progress), writes the
 * new hash in full while refreshing the lock, switches the pointer with a script that refuses if
 * the lock is no longer the caller's, then unlinks the replaced hash and releases the lock.
 */
public final class RedisOnlineStore implements OnlineStore {
  private static final Logger LOG = LoggerFactory.getLogger(RedisOnlineStore.class);
  private static final int WRITE_BATCH = 1_000;
  /** Rows written between two lock refreshes: a few milliseconds of work, so the lock never lapses. */
  private static final int ROWS_PER_REFRESH = 20 * WRITE_BATCH;
  private static final String READ_SCRIPT = RedisScript.load("read_latest_features");
  private static final String SWITCH_SCRIPT = RedisScript.load("switch_snapshot");
  /**
   * The snapshot hash's field naming its feature columns when there are more than spending_mean_7d
   * (no user id is this text, so it never collides with a user's field).
   */
  static final String COLUMNS_FIELD = "columns";

  private final RedisClient redis;
  private final String prefix;
  private final PublishLockTimes lockTimes;
  private final Runnable beforeSwitch;

  private RedisOnlineStore(RedisClient redis, String prefix, PublishLockTimes lockTimes, Runnable beforeSwitch) {
    this.redis = redis;
    this.prefix = prefix;
    this.lockTimes = lockTimes;
    this.beforeSwitch = beforeSwitch;
  }

  /** Connects to {@code uri} (for example {@code redis://127.0.0.1:6379}); keys start with {@code prefix}. */
  public static RedisOnlineStore connect(URI uri, String prefix) {
    return connect(uri, prefix, PublishLockTimes.DEFAULT);
  }

  public static RedisOnlineStore connect(URI uri, String prefix, PublishLockTimes lockTimes) {
    return connect(uri, prefix, lockTimes, () -> {});
  }

  /** As {@link #connect(URI, String, PublishLockTimes)}; {@code beforeSwitch} runs once a publish has written its hash (tests inject faults there). */
  static RedisOnlineStore connect(URI uri, String prefix, PublishLockTimes lockTimes, Runnable beforeSwitch) {
    requireNonNull(uri, "uri is null");
    requireNonNull(prefix, "prefix is null");
    requireNonNull(lockTimes, "lockTimes is null");
    requireNonNull(beforeSwitch, "beforeSwitch is null");
    try {
      RedisClient client = RedisClient.create(uri);
      client.ping();
      return new RedisOnlineStore(client, prefix, lockTimes, beforeSwitch);
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

  /** The publish lock's key. */
  String publishLockKey() {
    return prefix + ":publish-lock";
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
    String publishing = "snapshot " + id;
    try {
      if (id.equals(redis.hget(pointerKey(), "snapshot_id"))) {
        return true;
      }
      try (RedisPublishLock lock = RedisPublishLock.acquire(redis, publishLockKey(), lockTimes, publishing)) {
        return publishLocked(latest, id, publishing, lock);
      }
    } catch (JedisException e) {
      throw new StorageException("Cannot publish " + publishing + " to Redis: " + e.getMessage(), e);
    }
  }

  private boolean publishLocked(LatestFeatures latest, String id, String publishing, RedisPublishLock lock) {
    String served = redis.hget(pointerKey(), "snapshot_id");
    if (id.equals(served)) {
      return true;
    }
    // Includes a partial hash of this very snapshot from a crashed publish: it is rewritten from scratch.
    removeUnservedSnapshots(served);
    String key = snapshotPrefix() + id;
    if (latest.columns().size() > 1) {
      redis.hset(key, COLUMNS_FIELD, String.join(",", latest.columns()));
    }
    writeRows(key, latest.columns(), latest.rows(), lock, publishing);
    beforeSwitch.run();
    FaultInjection.at(PipelineStep.MATERIALIZE.stepName(), FaultInjection.Point.BEFORE_COMMIT);
    List<?> switched =
        (List<?>)
            redis.eval(
                SWITCH_SCRIPT,
                List.of(pointerKey(), lock.key()),
                List.of(id, Long.toString(latest.sequenceNumber()), lock.token()));
    long outcome = (Long) switched.get(0);
    Object other = switched.get(1);
    if (outcome == -1L) {
      // Not unlinking our hash: whoever holds the lock now may be writing this same snapshot.
      throw lock.lost(publishing);
    }
    if (outcome == 0L) {
      LOG.info("Redis already serves newer snapshot {}; snapshot {} not published", other, id);
      redis.unlink(key);
      return false;
    }
    FaultInjection.at(PipelineStep.MATERIALIZE.stepName(), FaultInjection.Point.AFTER_COMMIT);
    if (other != null && !id.equals(other)) {
      redis.unlink(snapshotPrefix() + other);
    }
    LOG.info("Redis serves snapshot {} ({} users), replacing {}", id, latest.size(), other);
    return true;
  }

  /** Unlinks every snapshot hash but the served one: with the lock held, each is a crashed publish's. */
  private void removeUnservedSnapshots(String served) {
    String servedKey = served == null ? null : snapshotPrefix() + served;
    ScanParams match = new ScanParams().match(globEscaped(snapshotPrefix()) + "*").count(1_000);
    List<String> orphans = new ArrayList<>();
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> page = redis.scan(cursor, match);
      page.getResult().stream().filter(key -> !key.equals(servedKey)).forEach(orphans::add);
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    if (!orphans.isEmpty()) {
      redis.unlink(orphans.toArray(String[]::new));
      LOG.info("Removed {} Redis snapshot hash(es) left by unfinished publishes: {}", orphans.size(), orphans);
    }
  }

  private static String globEscaped(String text) {
    return text.replaceAll("([\\\\*?\\[\\]])", "\\\\$1");
  }

  private void writeRows(
      String key, List<String> columns, List<NewestFeatureRows> rows, RedisPublishLock lock, String publishing) {
    int written = 0;
    AbstractPipeline pipeline = redis.pipelined();
    try {
      Map<String, String> batch = new HashMap<>();
      for (NewestFeatureRows row : rows) {
        batch.put(Long.toString(row.userId()), encode(columns, row));
        if (batch.size() == WRITE_BATCH) {
          pipeline.hset(key, batch);
          batch = new HashMap<>();
        }
        if (++written % ROWS_PER_REFRESH == 0) {
          pipeline.sync();
          lock.refresh(publishing);
        }
      }
      if (!batch.isEmpty()) {
        pipeline.hset(key, batch);
      }
      pipeline.sync();
    } finally {
      pipeline.close();
    }
    lock.refresh(publishing);
  }

  static String encode(NewestFeatureRows rows) {
    return encode(PointInTimeColumns.DEFAULT.names(), rows);
  }

  /** The rows as {@code dt,v1,v2,…[;dt,v1,v2,…]}, one value per column in {@code columns}' order. */
  static String encode(List<String> columns, NewestFeatureRows rows) {
    String newest = encode(columns, rows.newest());
    return rows.earlier() == null ? newest : newest + ";" + encode(columns, rows.earlier());
  }

  private static String encode(List<String> columns, FeatureValue row) {
    StringBuilder text = new StringBuilder(row.dt().toString());
    for (String column : columns) {
      Object value = row.value(column);
      text.append(',').append(value == null ? "" : value instanceof BigDecimal decimal ? decimal.toPlainString() : value);
    }
    return text.toString();
  }

  @Override
  public ServedFeatures read(List<Long> userIds) {
    if (userIds.isEmpty()) {
      OptionalLong served = servedSnapshotId();
      return new ServedFeatures(served.isPresent() ? served.getAsLong() : null, Map.of());
    }
    List<String> arguments = new ArrayList<>(userIds.size() + 2);
    arguments.add(snapshotPrefix());
    userIds.forEach(id -> arguments.add(Long.toString(id)));
    // Read in the same atomic step, so the columns are those of the snapshot the rows come from.
    arguments.add(COLUMNS_FIELD);
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
    Object columnsValue = values.get(userIds.size());
    List<String> columns =
        columnsValue == null ? PointInTimeColumns.DEFAULT.names() : List.of(columnsValue.toString().split(","));
    Map<Long, NewestFeatureRows> found = new LinkedHashMap<>();
    for (int i = 0; i < userIds.size(); i++) {
      Object value = values.get(i);
      if (value != null) {
        found.put(userIds.get(i), decode(columns, userIds.get(i), value.toString()));
      }
    }
    return new ServedFeatures(Long.parseLong(reply.get(0).toString()), columns, found);
  }

  static NewestFeatureRows decode(long userId, String value) {
    return decode(PointInTimeColumns.DEFAULT.names(), userId, value);
  }

  static NewestFeatureRows decode(List<String> columns, long userId, String value) {
    int semicolon = value.indexOf(';');
    if (semicolon < 0) {
      return NewestFeatureRows.only(row(columns, userId, value));
    }
    return new NewestFeatureRows(
        row(columns, userId, value.substring(0, semicolon)), row(columns, userId, value.substring(semicolon + 1)));
  }

  /** A decimal is written with its point (decimal(15,2) always has one), a whole number without. */
  private static FeatureValue row(List<String> columns, long userId, String value) {
    String[] parts = value.split(",", -1);
    if (parts.length != columns.size() + 1) {
      throw new IllegalStateException(
          "Redis holds a malformed feature row for user " + userId + ": '" + value + "' for columns " + columns);
    }
    Map<String, Object> features = null;
    if (columns.size() > 1) {
      features = new LinkedHashMap<>();
      for (int i = 1; i < columns.size(); i++) {
        String text = parts[i + 1];
        features.put(columns.get(i), text.isEmpty() ? null : text.contains(".") ? new BigDecimal(text) : Long.valueOf(text));
      }
    }
    return new FeatureValue(userId, LocalDate.parse(parts[0]), new BigDecimal(parts[1]), features);
  }

  @Override
  public void close() {
    redis.close();
  }
}
