package dev.floe.worker;

import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.engine.DuckDb;
import dev.floe.engine.SnapshotFiles;
import dev.floe.engine.SqlFile;
import dev.floe.engine.SqlStatement;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import redis.clients.jedis.RedisClient;

/**
 * What a data directory holds, in figures two runs with the same input must share whatever
 * happened to their processes: rows and order-independent fingerprints of the current {@code
 * raw_events} and {@code user_features} snapshots ({@code sql/*_fingerprint.sql}), the number of
 * snapshots and refs (tags) of every table, and the number of model rows. Snapshot ids and model
 * versions are left out: they differ between runs by design.
 */
record StoreFigures(
    long rawRows,
    String rawFingerprint,
    long featureRows,
    String featureFingerprint,
    Map<FloeTable, Integer> snapshots,
    Map<FloeTable, Integer> refs,
    long modelRows) {

  static StoreFigures of(Path dataDir) throws Exception {
    try (FloeCatalog catalog = FloeCatalog.open(dataDir); Connection duck = DuckDb.open()) {
      Table raw = catalog.load(FloeTable.RAW_EVENTS);
      Table features = catalog.load(FloeTable.USER_FEATURES);
      Table models = catalog.load(FloeTable.MODEL_TRAINING_METADATA);
      Fingerprint rawPrint = fingerprint(duck, "raw_events", raw);
      Fingerprint featurePrint = fingerprint(duck, "user_features", features);
      long modelRows = SqlStatement.of("SELECT count(*) AS n FROM " + current(models).relation())
          .queryOne(duck, row -> row.getLong("n"));
      return new StoreFigures(
          rawPrint.rows(),
          rawPrint.fingerprint(),
          featurePrint.rows(),
          featurePrint.fingerprint(),
          Map.of(FloeTable.RAW_EVENTS, snapshotCount(raw), FloeTable.USER_FEATURES, snapshotCount(features),
              FloeTable.MODEL_TRAINING_METADATA, snapshotCount(models)),
          Map.of(FloeTable.RAW_EVENTS, raw.refs().size(), FloeTable.USER_FEATURES, features.refs().size(),
              FloeTable.MODEL_TRAINING_METADATA, models.refs().size()),
          modelRows);
    }
  }

  private record Fingerprint(long rows, String fingerprint) {}

  private static Fingerprint fingerprint(Connection duck, String table, Table iceberg) {
    String sql = SqlFile.load(table + "_fingerprint").render(Map.of(table, current(iceberg).relation()));
    return SqlStatement.of(sql)
        .queryOne(duck, row -> new Fingerprint(row.getLong("row_count"), row.getString("fingerprint")));
  }

  private static SnapshotFiles current(Table table) {
    Snapshot snapshot = table.currentSnapshot();
    return SnapshotFiles.of(table, snapshot == null ? null : snapshot.snapshotId());
  }

  private static int snapshotCount(Table table) {
    return (int) StreamSupport.stream(table.snapshots().spliterator(), false).count();
  }

  /**
   * What the online store in Redis holds: the snapshot hashes ({@code floe:features:snapshot:*},
   * one once every publish finished or was cleaned up), the snapshot the pointer serves and the
   * rows (users) in its hash. The publish lock is left out: a killed publisher's lock expires by design.
   */
  record Redis(Set<String> snapshotHashes, String servedSnapshotId, long servedUsers) {
    static Redis of(URI uri) {
      try (RedisClient redis = RedisClient.create(uri)) {
        Set<String> hashes = redis.keys("floe:features:snapshot:*");
        String served = redis.hget("floe:features:pointer", "snapshot_id");
        long users = served == null ? 0 : redis.hlen("floe:features:snapshot:" + served);
        return new Redis(hashes, served, users);
      }
    }
  }
}
