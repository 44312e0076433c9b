package dev.floe.worker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.workflows.FloeJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code java -jar floe.jar ...} as a separate process, the way a user or a supervisor runs it. */
final class FloeProcess implements AutoCloseable {
  private final Process process;
  private final BufferedReader stdout;
  private final Path stderr;

  private FloeProcess(Process process, Path stderr) {
    this.process = process;
    this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.stderr = stderr;
  }

  static FloeProcess start(Path logDirectory, String name, String... args) {
    return start(logDirectory, Map.of(), name, args);
  }

  /** As above, with {@code environment} added to this process's own. */
  static FloeProcess start(Path logDirectory, Map<String, String> environment, String name, String... args) {
    Path jar = Path.of(System.getProperty("floe.jar", "target/floe.jar"));
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-Dfloe.duckdb.memory-limit=700MB", "-jar", jar.toString()));
    command.addAll(List.of(args));
    Path stderr = logDirectory.resolve(name + ".stderr.log");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
      builder.environment().putAll(environment);
      Process process = builder.start();
      return new FloeProcess(process, stderr);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next JSON document the process prints (Floe pretty-prints; a document ends with "}"). */
  JsonNode awaitJson(long timeout, TimeUnit unit) throws Exception {
    CompletableFuture<JsonNode> document = CompletableFuture.supplyAsync(() -> {
      try {
        StringBuilder text = new StringBuilder();
        String line;
        while ((line = stdout.readLine()) != null) {
          text.append(line).append('\n');
          if (line.equals("}")) {
            return FloeJson.mapper().readTree(text.toString());
          }
        }
        throw new IllegalStateException("process ended before printing JSON; stdout so far: " + text);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    try {
      return document.get(timeout, unit);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("no JSON from the process; its stderr is in " + stderr, e);
    }
  }

  /** Waits for the process to end by itself and returns its exit code. */
  int awaitExit(long timeout, TimeUnit unit) throws InterruptedException {
    if (!process.waitFor(timeout, unit)) {
      throw new IllegalStateException("process still running after " + timeout + " " + unit + "; stderr in " + stderr);
    }
    return process.exitValue();
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed, the worker just vanishes. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** Everything the process wrote to stderr so far. */
  String stderr() throws IOException {
    return java.nio.file.Files.readString(stderr);
  }

  long pid() {
    return process.pid();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
