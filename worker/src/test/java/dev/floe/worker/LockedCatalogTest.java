package dev.floe.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.FloeTable;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another process holds the SQLite catalog locked (a backup tool, a stuck writer): a command exits 6
 * with one line that says the catalog is locked, changes nothing, and works once the lock is gone.
 */
class LockedCatalogTest {
  @TempDir Path dataDir;

  @Test
  void aCommandOnALockedCatalogExitsWithAStorageErrorThatSaysSoAndChangesNothing() throws Exception {
    FloeCli cli = new FloeCli(dataDir);
    cli.ok(FloeCli.generateSmall());
    Map<FloeTable, Long> before = cli.currentSnapshots();

    FloeCli.Run locked;
    try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("catalog.db"));
        Statement statement = holder.createStatement()) {
      statement.execute("BEGIN EXCLUSIVE");
      locked = cli.run("featurize");
      statement.execute("ROLLBACK");
    }

    locked.assertFailedWith(ExitCode.STORAGE);
    assertThat(locked.stderr()).contains("catalog database is locked by another process");
    assertThat(cli.currentSnapshots()).isEqualTo(before);
    cli.ok("featurize");
  }
}
