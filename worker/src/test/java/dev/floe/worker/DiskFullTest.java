package dev.floe.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.FloeTable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands on a data directory whose disk fills up: a 20 MB tmpfs mounted for the test (root only,
 * as in CI; elsewhere the test is skipped and says why), filled to within a few hundred KB. Wherever
 * the disk runs out (a Parquet file, a manifest, the catalog's own SQLite file), the command exits
 * 6 with one line naming the full disk, every table is as it was and no data file is left behind;
 * once space is freed the same command succeeds.
 */
class DiskFullTest {
  @TempDir Path scratch;
  private Path disk;
  private boolean mounted;

  @BeforeEach
  void mountSmallDisk() throws Exception {
    disk = Files.createDirectories(scratch.resolve("disk"));
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", disk.toString())
        .redirectErrorStream(true)
        .start();
    String output = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    mounted = mount.waitFor() == 0;
    Assumptions.assumeTrue(mounted, "Skipped: cannot mount a 20 MB tmpfs to fill (needs root, as CI has): " + output);
  }

  @AfterEach
  void unmount() throws Exception {
    if (mounted) {
      new ProcessBuilder("umount", "--lazy", disk.toString()).inheritIO().start().waitFor();
    }
  }

  @Test
  void generateAndFeaturizeOnAFullDiskFailCleanlyAndSucceedOnceSpaceIsFreed() throws Exception {
    FloeCli cli = new FloeCli(disk.resolve("data"));
    String[] generate = {"generate", "--users", "500", "--events", "100000", "--days", "30", "--end-date", "2025-09-17"};
    cli.ok(generate);
    Map<FloeTable, Long> generated = committed(cli);

    Path filler = disk.resolve("filler");
    fillLeaving(filler, 64 * 1024);
    cli.run(generate).assertFailedWith(ExitCode.STORAGE);
    assertThat(committed(cli)).isEqualTo(generated);

    int failures = 0;
    int successes = 0;
    for (long freeKb : List.of(120L, 180L, 240L, 270L, 300L, 360L, 1_000L, 4_000L)) {
      Files.deleteIfExists(filler);
      fillLeaving(filler, freeKb * 1024);
      FloeCli.Run featurize = cli.run("featurize");
      System.out.printf("disk-full featurize free_kb=%d exit=%d %s%n", freeKb, featurize.exitCode(), featurize.stderr().strip());
      if (featurize.exitCode() == 0) {
        successes++;
        break;
      }
      featurize.assertFailedWith(ExitCode.STORAGE);
      assertThat(featurize.stderr()).contains("No space left on device");
      assertThat(committed(cli)).as("after %s", featurize.stderr()).isEqualTo(generated);
      assertThat(dataFiles(cli, FloeTable.USER_FEATURES)).as("left by %s", featurize.stderr()).isEmpty();
      failures++;
    }
    assertThat(failures).as("featurize runs that hit the full disk").isPositive();

    Files.delete(filler);
    if (successes == 0) {
      cli.ok("featurize");
    }
    assertThat(cli.currentSnapshots().get(FloeTable.USER_FEATURES)).isNotNull();
    cli.ok("train");
  }

  /** Fills the disk with one file until {@code freeBytes} are left. */
  private void fillLeaving(Path filler, long freeBytes) throws IOException {
    long usable = Files.getFileStore(disk).getUsableSpace();
    try (RandomAccessFile file = new RandomAccessFile(filler.toFile(), "rw")) {
      byte[] block = new byte[64 * 1024];
      long toWrite = Math.max(0, usable - freeBytes);
      while (toWrite > 0) {
        int length = (int) Math.min(block.length, toWrite);
        file.write(block, 0, length);
        toWrite -= length;
      }
    }
  }

  /** The current snapshot of every table that has one (featurize may create user_features empty first). */
  private static Map<FloeTable, Long> committed(FloeCli cli) {
    Map<FloeTable, Long> current = new EnumMap<>(FloeTable.class);
    cli.currentSnapshots().forEach((table, snapshot) -> {
      if (snapshot != null) {
        current.put(table, snapshot);
      }
    });
    return current;
  }

  private static List<Path> dataFiles(FloeCli cli, FloeTable table) throws IOException {
    Path data = cli.dataDir().resolve("warehouse").resolve("default").resolve(table.tableName()).resolve("data");
    if (!Files.isDirectory(data)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(data)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }
}
