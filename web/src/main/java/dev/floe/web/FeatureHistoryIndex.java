package dev.floe.web;

import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.engine.DuckDb;
import dev.floe.engine.SnapshotFiles;
import dev.floe.engine.SqlFile;
import dev.floe.error.StorageException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One user_features snapshot held in memory, sorted by (user, date), so a user's history up to a
 * date is two binary searches away. A snapshot never changes, so the index never goes stale; about
 * 12 bytes a row (9M rows: ~110 MB).
 */
final class FeatureHistoryIndex {
  private static final Logger LOG = LoggerFactory.getLogger(FeatureHistoryIndex.class);

  private final long snapshotId;
  /** Distinct user ids, ascending; user {@code users[i]} owns rows {@code [starts[i], starts[i + 1])}. */
  private final long[] users;
  private final int[] starts;
  private final int[] epochDays;
  private final long[] cents;

  private FeatureHistoryIndex(long snapshotId, long[] users, int[] starts, int[] epochDays, long[] cents) {
    this.snapshotId = snapshotId;
    this.users = users;
    this.starts = starts;
    this.epochDays = epochDays;
    this.cents = cents;
  }

  /** A user's rows up to a date, oldest first: a view over the index, copied by nobody. */
  record History(LocalDate[] dates, BigDecimal[] values) {
    int size() {
      return dates.length;
    }
  }

  static FeatureHistoryIndex load(FloeCatalog catalog, long featureSnapshotId) {
    long started = System.nanoTime();
    org.apache.iceberg.Table table = catalog.load(FloeTable.USER_FEATURES);
    SnapshotFiles files = SnapshotFiles.of(table, featureSnapshotId);
    String sql = SqlFile.load("feature_history_index").render(Map.of("user_features", files.relation()));
    // Sized from the snapshot's own row count, so loading 9M rows never doubles its arrays.
    String totalRecords = table.snapshot(featureSnapshotId).summary().get("total-records");
    Rows rows = new Rows(totalRecords == null ? 1 << 16 : (int) Math.min(Integer.MAX_VALUE - 8, Long.parseLong(totalRecords)));
    try (Connection connection = DuckDb.open();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      while (result.next()) {
        rows.add(result.getLong(1), result.getInt(2), result.getLong(3));
      }
    } catch (SQLException e) {
      throw new StorageException(
          "Cannot index feature snapshot " + featureSnapshotId + ": " + e.getMessage(), e);
    }
    FeatureHistoryIndex index = rows.build(featureSnapshotId);
    LOG.info("Indexed feature snapshot {}: {} rows of {} users in {} ms", featureSnapshotId, rows.size,
        index.users.length, (System.nanoTime() - started) / 1_000_000);
    return index;
  }

  long snapshotId() {
    return snapshotId;
  }

  int rows() {
    return epochDays.length;
  }

  /** The user's rows with {@code dt <= asOf}, oldest first; empty when there are none. */
  History history(long userId, LocalDate asOf) {
    int user = Arrays.binarySearch(users, userId);
    if (user < 0) {
      return new History(new LocalDate[0], new BigDecimal[0]);
    }
    int from = starts[user];
    int to = starts[user + 1];
    int limit = (int) asOf.toEpochDay();
    // First row after asOf within [from, to).
    int low = from;
    int high = to;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (epochDays[middle] <= limit) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    int count = low - from;
    LocalDate[] dates = new LocalDate[count];
    BigDecimal[] values = new BigDecimal[count];
    for (int i = 0; i < count; i++) {
      dates[i] = LocalDate.ofEpochDay(epochDays[from + i]);
      values[i] = BigDecimal.valueOf(cents[from + i], 2);
    }
    return new History(dates, values);
  }

  /** Growable columns while loading; trimmed once at the end. */
  private static final class Rows {
    private long[] userIds;
    private int[] days;
    private long[] values;
    private int size;

    Rows(int capacity) {
      int initial = Math.max(16, capacity);
      userIds = new long[initial];
      days = new int[initial];
      values = new long[initial];
    }

    void add(long userId, int epochDay, long cents) {
      if (size == days.length) {
        int capacity = Math.max(days.length * 2, 1 << 16);
        userIds = Arrays.copyOf(userIds, capacity);
        days = Arrays.copyOf(days, capacity);
        values = Arrays.copyOf(values, capacity);
      }
      userIds[size] = userId;
      days[size] = epochDay;
      values[size] = cents;
      size++;
    }

    FeatureHistoryIndex build(long snapshotId) {
      int distinct = 0;
      for (int i = 0; i < size; i++) {
        if (i == 0 || userIds[i] != userIds[i - 1]) {
          distinct++;
        }
      }
      long[] users = new long[distinct];
      int[] starts = new int[distinct + 1];
      int user = -1;
      for (int i = 0; i < size; i++) {
        if (i == 0 || userIds[i] != userIds[i - 1]) {
          user++;
          users[user] = userIds[i];
          starts[user] = i;
        }
      }
      starts[distinct] = size;
      // The user column is not kept: starts[] says whose each row is.
      userIds = null;
      int[] keptDays = size == days.length ? days : Arrays.copyOf(days, size);
      long[] keptValues = size == values.length ? values : Arrays.copyOf(values, size);
      return new FeatureHistoryIndex(snapshotId, users, starts, keptDays, keptValues);
    }
  }
}
