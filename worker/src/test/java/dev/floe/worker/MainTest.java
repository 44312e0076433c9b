package dev.floe.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.error.EmptyWindowException;
import dev.floe.error.InvalidInputException;
import dev.floe.error.NotFoundException;
import dev.floe.error.StorageException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The program's edges: configuration, usage errors and the mapping of failures to exit codes. */
class MainTest {
  @TempDir Path temp;

  @Test
  void dataDirFlagWinsOverFloeHomeWhichWinsOverTheDefault() {
    Map<String, String> environment = Map.of("FLOE_HOME", temp.resolve("home").toString());
    assertThat(FloeConfig.resolve(temp.resolve("flag"), FloeConfig.OutputStyle.JSON, environment))
        .returns(temp.resolve("flag"), FloeConfig::dataDir)
        .returns(FloeConfig.DataDirSource.FLAG, FloeConfig::dataDirSource);
    assertThat(FloeConfig.resolve(null, FloeConfig.OutputStyle.JSON, environment))
        .returns(temp.resolve("home"), FloeConfig::dataDir)
        .returns(FloeConfig.DataDirSource.ENVIRONMENT, FloeConfig::dataDirSource);
    assertThat(FloeConfig.resolve(null, FloeConfig.OutputStyle.PRETTY, Map.of()))
        .returns(Path.of("floe-data").toAbsolutePath(), FloeConfig::dataDir)
        .returns(FloeConfig.DataDirSource.DEFAULT, FloeConfig::dataDirSource)
        .returns(FloeConfig.OutputStyle.PRETTY, FloeConfig::output);
  }

  @Test
  void globalOptionsWorkBeforeAndAfterTheCommand() {
    Path missing = temp.resolve("no-such-dir");
    FloeCli cli = new FloeCli(missing);
    cli.runWithoutDataDir("--data-dir", missing.toString(), "models")
        .assertFailedWith(ExitCode.NOT_FOUND);
    FloeCli.Run after =
        cli.runWithoutDataDir("models", "--data-dir", missing.toString(), "--pretty");
    after.assertFailedWith(ExitCode.NOT_FOUND);
    assertThat(after.stderr()).contains(missing.toString());
  }

  @Test
  void floeHomeIsTheDataDirWithoutTheFlag() {
    Path home = temp.resolve("home-not-there");
    FloeCli.Run run =
        new FloeCli(home, Map.of("FLOE_HOME", home.toString())).runWithoutDataDir("models");
    run.assertFailedWith(ExitCode.NOT_FOUND);
    assertThat(run.stderr()).contains(home.toString());
  }

  @Test
  void aReadingCommandLeavesNoDirectoryBehindATypo() {
    Path typo = temp.resolve("flowe-data");
    new FloeCli(typo).run("snapshots", "raw_events").assertFailedWith(ExitCode.NOT_FOUND);
    assertThat(typo).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "frobnicate",
        "generate --users many",
        "generate --userz 10",
        "generate --end-date 2025-13-45",
        "detect --model v1 --user 42",
        "detect --model v1 --user 42 --amount lots",
        "debug --model v1 --user x --amount 3",
        "debug --model v1 --user 42 --amount 3 --as-of yesterday",
        "snapshots no_such_table",
        "ingest",
        "export-features",
        "featurize --raw-snapshot latest",
      })
  void aMalformedCommandLineIsAUsageErrorOnOneLine(String commandLine) {
    Path dataDir = temp.resolve("data");
    FloeCli.Run run = new FloeCli(dataDir).run(commandLine.split(" "));
    run.assertFailedWith(ExitCode.USAGE);
    assertThat(run.stderr()).contains("--help");
    assertThat(dataDir).doesNotExist();
  }

  @Test
  void aUsageErrorSaysWhatWasWrong() {
    FloeCli cli = new FloeCli(temp);
    assertThat(
            cli.run(
                    "debug",
                    "--model",
                    "v1",
                    "--user",
                    "42",
                    "--amount",
                    "3",
                    "--as-of",
                    "2025-02-30")
                .stderr())
        .contains("--as-of")
        .contains("2025-02-30")
        .contains("ISO-8601 date");
    assertThat(cli.run("snapshots", "raw_event").stderr())
        .contains("raw_events, user_features or model_training_metadata");
    assertThat(cli.run("generat").stderr()).contains("generate");
  }

  @Test
  void floeAloneShowsTheUsageOnStderr() {
    FloeCli.Run run = new FloeCli(temp).runWithoutDataDir();
    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE.code());
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr()).contains("Usage: floe").contains("demo").contains("debug");
  }

  @Test
  void helpAndVersionGoToStdout() {
    FloeCli cli = new FloeCli(temp);
    assertThat(cli.ok("--help").stdout()).contains("--data-dir").contains("training-data");
    assertThat(cli.ok("generate", "--help").stdout())
        .contains("--anomaly-file")
        .contains("--end-date");
    assertThat(cli.ok("--version").stdout()).startsWith("floe ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"INVALID_INPUT", "NOT_FOUND", "EMPTY_WINDOW", "STORAGE"})
  void eachKindOfFailureHasItsOwnExitCodeAndOneLine(String kind) {
    ExitCode expected = ExitCode.valueOf(kind);
    Supplier<RuntimeException> failure =
        switch (expected) {
          case INVALID_INPUT ->
              () -> new InvalidInputException("Line 3, field amount: 'x' is not a number");
          case NOT_FOUND -> () -> new NotFoundException("Model v1 does not exist");
          case EMPTY_WINDOW ->
              () -> new EmptyWindowException("No feature rows in 1990-01-01..1990-01-31");
          default ->
              () -> new StorageException("Disk full\n  while writing", new IOException("ENOSPC"));
        };
    Captured run = runFailing(failure, Map.of());
    assertThat(run.exitCode()).isEqualTo(expected.code());
    assertThat(run.stderr().lines().toList()).hasSize(1);
    assertThat(run.stderr())
        .startsWith("floe: ")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    assertThat(run.stdout()).isEmpty();
  }

  @Test
  void anUnexpectedFailureIsOneLineThatPointsAtFloeDebug() {
    Captured run = runFailing(() -> new IllegalStateException("invariant broken"), Map.of());
    assertThat(run.exitCode()).isEqualTo(ExitCode.INTERNAL_ERROR.code());
    assertThat(run.stderr().lines().toList()).hasSize(1);
    assertThat(run.stderr())
        .startsWith("floe: unexpected IllegalStateException: invariant broken")
        .contains("FLOE_DEBUG=1")
        .doesNotContain("\tat ");
  }

  @Test
  void floeDebugShowsTheStackTrace() {
    Captured run =
        runFailing(() -> new IllegalStateException("invariant broken"), Map.of("FLOE_DEBUG", "1"));
    assertThat(run.exitCode()).isEqualTo(ExitCode.INTERNAL_ERROR.code());
    assertThat(run.stderr()).startsWith("floe: unexpected IllegalStateException").contains("\tat ");
  }

  @Test
  void demoUsesTheDataDirWhenItIsEmptyAndAFreshSubdirectoryOtherwise() throws IOException {
    Path fresh = temp.resolve("fresh");
    assertThat(DemoCommand.emptyDirectoryFor(fresh)).isEqualTo(fresh);
    Files.createDirectories(fresh);
    assertThat(DemoCommand.emptyDirectoryFor(fresh)).isEqualTo(fresh);
    Files.writeString(fresh.resolve("catalog.db"), "");
    Path chosen = DemoCommand.emptyDirectoryFor(fresh);
    assertThat(chosen.getParent()).isEqualTo(fresh);
    assertThat(chosen.getFileName().toString()).startsWith("demo-");
    assertThat(chosen).doesNotExist();
  }

  private record Captured(int exitCode, String stdout, String stderr) {}

  /** A hand-written command that fails the given way, run through Main's real error mapping. */
  private static Captured runFailing(
      Supplier<RuntimeException> failure, Map<String, String> environment) {
    @Command(name = "fail")
    final class FailingCommand implements Callable<Integer> {
      @Override
      public Integer call() {
        throw failure.get();
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      CommandLine commandLine = Main.commandLine(environment, stdout, stderr);
      commandLine.addSubcommand(new FailingCommand());
      int exitCode = commandLine.execute("fail");
      return new Captured(
          exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
  }
}
