package dev.floe.worker;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = {
      "Run a Temporal server on 127.0.0.1 for workers and runs in other processes.",
      "It is Temporal's in-memory test server: runs are lost when it stops, and it has no visibility",
      "queries, search-attribute queries or Schedules. Use a Temporal cluster (docker-compose.yml) to keep runs."
    })
final class ServerCommand implements Callable<Integer> {
  @ParentCommand private Main floe;

  @Option(
      names = "--port",
      defaultValue = "" + EmbeddedTemporalServer.DEFAULT_PORT,
      description = "Port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int port;

  /** What the server prints once it listens: where to point workers and the Temporal CLI. */
  record ServerStarted(String temporal, String namespace, String worker, String note) {}

  @Override
  public Integer call() throws InterruptedException {
    EmbeddedTemporalServer server = EmbeddedTemporalServer.startOnLoopback(port);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "floe-server-shutdown"));
    floe.output().print(
        new ServerStarted(
            server.target(),
            TemporalConnection.DEFAULT_NAMESPACE,
            "floe worker --temporal " + server.target(),
            "in memory: runs end when this process stops"),
        started -> "Temporal listening on " + started.temporal() + " (loopback only, in memory)."
            + System.lineSeparator() + "Start a worker: " + started.worker());
    server.awaitTermination();
    return ExitCode.OK.code();
  }
}
