package dev.floe.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.CatalogSettings;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.workflows.FloeJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * Runs {@code floe} in-process against one data directory, capturing stdout, stderr and exit code.
 */
final class FloeCli {
  private final Path dataDir;
  private final Map<String, String> environment;

  FloeCli(Path dataDir) {
    this(dataDir, Map.of());
  }

  FloeCli(Path dataDir, Map<String, String> environment) {
    this.dataDir = dataDir;
    this.environment = Map.copyOf(environment);
  }

  Path dataDir() {
    return dataDir;
  }

  /** {@code floe --data-dir DIR args...} */
  Run run(String... args) {
    List<String> all = new ArrayList<>(List.of("--data-dir", dataDir.toString()));
    all.addAll(List.of(args));
    return runWithoutDataDir(all.toArray(String[]::new));
  }

  Run runWithoutDataDir(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exitCode;
    try (PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exitCode = Main.execute(args, environment, stdout, stderr);
    }
    return new Run(
        List.of(args),
        exitCode,
        out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  /** A command expected to succeed: exit 0, nothing on stderr. */
  Run ok(String... args) {
    Run run = run(args);
    assertThat(run.exitCode()).as("exit code of %s; stderr: %s", run.args(), run.stderr()).isZero();
    assertThat(run.stderr()).as("stderr of %s", run.args()).isEmpty();
    return run;
  }

  /** A small month of data, its features and one model: what most tests start from. */
  String trainedModel() {
    ok(generateSmall());
    ok("featurize");
    return ok("train").json().get("model_version").asText();
  }

  /** 40 users, 4,000 events over the 20 days ending 2025-09-17, user 42 with a x10 day. */
  static String[] generateSmall() {
    return new String[] {
      "generate",
      "--users",
      "40",
      "--events",
      "4000",
      "--days",
      "20",
      "--end-date",
      "2025-09-17",
      "--seed",
      "7"
    };
  }

  /**
   * The current snapshot id of every table (null: no table or no snapshot), read independently, on
   * the catalog this command line's environment names.
   */
  Map<FloeTable, Long> currentSnapshots() {
    Map<FloeTable, Long> current = new EnumMap<>(FloeTable.class);
    if (!Files.isDirectory(dataDir)) {
      return current;
    }
    CatalogSettings settings = FloeConfig.resolve(dataDir, FloeConfig.OutputStyle.JSON, environment).catalog();
    try (FloeCatalog catalog = FloeCatalog.open(dataDir, settings)) {
      for (FloeTable table : FloeTable.values()) {
        if (catalog.exists(table)) {
          Table loaded = catalog.load(table);
          Snapshot snapshot = loaded.currentSnapshot();
          current.put(table, snapshot == null ? null : snapshot.snapshotId());
        }
      }
    }
    return current;
  }

  record Run(List<String> args, int exitCode, String stdout, String stderr) {
    JsonNode json() {
      try {
        return FloeJson.mapper().readTree(stdout);
      } catch (IOException e) {
        throw new UncheckedIOException("stdout of " + args + " is not JSON: " + stdout, e);
      }
    }

    /** The failure contract: one line on stderr naming the problem, nothing on stdout, no trace. */
    Run assertFailedWith(ExitCode code) {
      assertThat(exitCode).as("exit code of %s; stderr: %s", args, stderr).isEqualTo(code.code());
      assertThat(stdout).as("stdout of %s", args).isEmpty();
      assertThat(stderr.lines().toList()).as("stderr of %s", args).hasSize(1);
      assertThat(stderr).startsWith("floe: ").doesNotContain("\tat ");
      if (code != ExitCode.INTERNAL_ERROR) {
        // Only a bug names a Java class; a user error speaks the user's language.
        assertThat(stderr).doesNotContain("Exception");
      }
      return this;
    }
  }
}
