package dev.floe.serving;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} (Debian's package) on a free loopback port, with no persistence, for
 * one test class or one {@code floe bench} run; stopped by {@link #close()}. In main code so the
 * tests of every module and the bench start Redis the same way.
 */
public final class RedisServer implements AutoCloseable {
  private final Path binary;
  private final Path workDir;
  private final int port;
  private Process process;

  private RedisServer(Path binary, Path workDir, int port) {
    this.binary = binary;
    this.workDir = workDir;
    this.port = port;
  }

  /** The {@code redis-server} on {@code PATH}, else Debian's {@code /usr/bin/redis-server}, if installed. */
  public static Optional<Path> binary() {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.concat(
            Stream.of(path.split(File.pathSeparator))
                .filter(directory -> !directory.isBlank())
                .map(directory -> Path.of(directory, "redis-server")),
            Stream.of(Path.of("/usr/bin/redis-server")))
        .filter(Files::isExecutable)
        .findFirst();
  }

  public static RedisServer start(Path workDir) throws IOException, InterruptedException {
    Path binary =
        binary()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "redis-server is not installed: run 'apt-get install -y redis-server' (the test starts a real one)"));
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    RedisServer server = new RedisServer(binary, workDir, port);
    server.launch();
    return server;
  }

  private void launch() throws IOException, InterruptedException {
    process =
        new ProcessBuilder(
                List.of(
                    binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", workDir.toString()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("redis.log").toFile()))
            .start();
    awaitListening();
  }

  /**
   * Starts the server again on the same port after {@link #stop()}, empty (no persistence): what
   * clients see when Redis restarts, or fails over to a replica that lost the data.
   */
  public void startAgain() throws IOException, InterruptedException {
    if (process.isAlive()) {
      throw new IllegalStateException("redis-server on port " + port + " is still running");
    }
    launch();
  }

  /** Stops the server; {@link #startAgain()} may follow. */
  public void stop() {
    close();
  }

  private void awaitListening() throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server exited with " + process.exitValue());
      }
      try (Socket socket = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(20);
      }
    }
    close();
    throw new IOException("redis-server did not listen on port " + port + " within 10 s");
  }

  public URI uri() {
    return URI.create("redis://127.0.0.1:" + port);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
