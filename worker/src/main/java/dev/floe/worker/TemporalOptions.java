package dev.floe.worker;

import dev.floe.catalog.FloeCatalog;
import dev.floe.error.InvalidInputException;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** Where a command finds Temporal: {@code --temporal HOST:PORT} and {@code --namespace}. */
final class TemporalOptions {
  @Option(
      names = "--temporal",
      paramLabel = "HOST:PORT",
      description = "Temporal frontend, e.g. 127.0.0.1:7233 from 'floe server' or a cluster.")
  String target;

  @Option(
      names = "--namespace",
      paramLabel = "NS",
      defaultValue = TemporalConnection.DEFAULT_NAMESPACE,
      description = "Temporal namespace (default: ${DEFAULT-VALUE}).")
  String namespace;

  boolean embedded() {
    return target == null;
  }

  /** A connection to the server {@code --temporal} names; {@code command} explains why one is needed. */
  TemporalConnection connectRemote(String command) {
    return connectRemote(command, null);
  }

  /** As {@link #connectRemote(String)}, reporting the SDK's metrics into {@code metrics} (null: none). */
  TemporalConnection connectRemote(String command, MeterRegistry metrics) {
    if (target == null) {
      throw new InvalidInputException("'floe " + command + "' needs --temporal HOST:PORT: an embedded server lives only as"
          + " long as the 'floe run' that started it (start a shared one with 'floe server')");
    }
    return TemporalConnection.connect(target, namespace, metrics);
  }

  /** The named server, or without {@code --temporal} one embedded in this process. */
  TemporalConnection connect() {
    return target == null ? TemporalConnection.embedded() : TemporalConnection.connect(target, namespace);
  }

  /**
   * Runs {@code call} against the server {@code --temporal} names; without it, against a server
   * embedded in this process with a worker that serves every Floe workflow on the data directory,
   * both gone when {@code call} returns. What the commands that run one workflow and wait use.
   */
  <T> T withWorkflows(Main floe, Function<TemporalConnection, T> call) {
    if (!embedded()) {
      try (TemporalConnection connection = TemporalConnection.connect(target, namespace)) {
        return call.apply(connection);
      }
    }
    try (TemporalConnection connection = TemporalConnection.embedded();
        FloeCatalog catalog = floe.openExistingCatalog();
        WorkerActivities activities = new WorkerActivities(catalog);
        PipelineWorker worker =
            PipelineWorker.start(connection, activities, PipelineWorker.DEFAULT_CONCURRENT_ACTIVITIES)) {
      return call.apply(connection);
    }
  }
}
