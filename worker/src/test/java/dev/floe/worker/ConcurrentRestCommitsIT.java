package dev.floe.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.engine.DuckDb;
import dev.floe.engine.SnapshotFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Separate {@code floe} processes committing to the same REST catalog tables at once: Iceberg's
 * optimistic commits retry against the REST server, and nothing is lost or duplicated.
 */
class ConcurrentRestCommitsIT {
  private static final int INGESTS = 3;
  private static final int ROWS_PER_FILE = 4000;

  @TempDir static Path temp;
  private static ObjectStoreCatalog servers;

  @BeforeAll
  static void startServers() throws Exception {
    servers = ObjectStoreCatalog.start(temp.resolve("servers"));
  }

  @AfterAll
  static void stopServers() {
    if (servers != null) {
      servers.close();
    }
  }

  @Test
  void concurrentIngestsAndAFeaturizeLoseAndDuplicateNothing() throws Exception {
    FloeCli setup = new FloeCli(temp.resolve("setup"), servers.floeEnvironment());
    long generated = setup.ok(FloeCli.generateSmall()).json().get("rows").asLong();
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < INGESTS; i++) {
      files.add(eventsFile(i));
    }

    List<FloeProcess> processes = new ArrayList<>();
    try {
      // Each process has its own local cache directory, as separate machines would.
      for (int i = 0; i < INGESTS; i++) {
        processes.add(FloeProcess.start(temp, "ingest-" + i, servers.floeEnvironment(),
            "--data-dir", temp.resolve("process-" + i).toString(), "ingest", files.get(i).toString()));
      }
      processes.add(FloeProcess.start(temp, "featurize", servers.floeEnvironment(),
          "--data-dir", temp.resolve("process-featurize").toString(), "featurize"));
      List<JsonNode> results = new ArrayList<>();
      for (FloeProcess process : processes) {
        JsonNode result = process.awaitJson(5, TimeUnit.MINUTES);
        assertThat(process.awaitExit(1, TimeUnit.MINUTES)).as("exit code; stderr: %s", process.stderr()).isZero();
        assertThat(process.stderr())
            .doesNotContain(ObjectStoreCatalog.SECRET_ACCESS_KEY, ObjectStoreCatalog.ACCESS_KEY_ID);
        results.add(result);
      }
      for (int i = 0; i < INGESTS; i++) {
        assertThat(results.get(i).get("rows").asLong()).isEqualTo(ROWS_PER_FILE);
      }
    } finally {
      for (FloeProcess process : processes) {
        process.close();
      }
    }

    long rawCurrent;
    try (FloeCatalog catalog = FloeCatalog.open(temp.resolve("check"), config().catalog())) {
      Table raw = catalog.load(FloeTable.RAW_EVENTS);
      rawCurrent = raw.currentSnapshot().snapshotId();
      // Every ingest is its own snapshot in one linear history: none replaced another's.
      Set<Long> chain = new HashSet<>();
      for (Snapshot snapshot = raw.currentSnapshot(); snapshot != null;
          snapshot = snapshot.parentId() == null ? null : raw.snapshot(snapshot.parentId())) {
        chain.add(snapshot.snapshotId());
      }
      assertThat(chain).hasSize(1 + INGESTS);
      try (Connection connection = DuckDb.open(); Statement statement = connection.createStatement();
          ResultSet counts = statement.executeQuery("SELECT count(*), count(DISTINCT id) FROM "
              + SnapshotFiles.of(raw, null).relation())) {
        counts.next();
        long expected = generated + (long) INGESTS * ROWS_PER_FILE;
        assertThat(counts.getLong(1)).isEqualTo(expected);
        assertThat(counts.getLong(2)).isEqualTo(expected);
      }
    }
    // The featurize that ran alongside computed from one raw snapshot, and a featurize now brings
    // the features up to everything ingested.
    JsonNode caughtUp = setup.ok("featurize").json();
    assertThat(caughtUp.get("raw_snapshot_id").asLong()).isEqualTo(rawCurrent);
  }

  private static FloeConfig config() {
    return FloeConfig.resolve(temp.resolve("check"), FloeConfig.OutputStyle.JSON, servers.floeEnvironment());
  }

  /** Rows with ids no generator batch uses, inside generateSmall's window. */
  private static Path eventsFile(int index) throws Exception {
    StringBuilder csv = new StringBuilder("id,user_id,amount,vendor_id,event_timestamp\n");
    for (int row = 0; row < ROWS_PER_FILE; row++) {
      long id = 8_000_000_000L + index * 1_000_000L + row;
      csv.append(id).append(',').append(row % 40).append(',').append(10 + row % 90).append(".25,")
          .append(1 + row % 1000).append(",2025-09-").append(String.format("%02d", 1 + row % 17))
          .append("T12:").append(String.format("%02d", row % 60)).append(":00Z\n");
    }
    Path file = temp.resolve("events-" + index + ".csv");
    Files.writeString(file, csv);
    return file;
  }
}
