package dev.floe.web;

import static java.util.Objects.requireNonNull;

import dev.floe.error.InvalidInputException;
import dev.floe.serving.OnlineStores;

/**
 * Which online store the dashboard's {@code /features/online} routes read ({@code store}, as {@code
 * floe.online-store} names it: {@code embedded} or a {@code redis://} URI), and who writes it.
 *
 * <p>The embedded store lives in this process, so this process must fill it: it polls the catalog
 * and publishes each new {@code user_features} snapshot. A Redis store is written by the
 * pipeline's materialize step (a run with {@code online_store}); by default a serving process only
 * reads it, so that N serving replicas do not each read every snapshot into Redis again. A
 * deployment without that step (featurize from the CLI, backfills) asks the serving process to
 * publish too ({@link Writer#THIS_PROCESS}); the publish lock keeps concurrent publishers safe.
 */
public record OnlineServing(String store, Writer writer) {
  /** Who publishes new snapshots into the store this process reads. */
  public enum Writer {
    /** This process polls the catalog and publishes each new snapshot. */
    THIS_PROCESS,
    /** Another process does (the pipeline's materialize step); this process only reads. */
    PIPELINE
  }

  public OnlineServing {
    requireNonNull(writer, "writer is null");
    store = store == null || store.isBlank() ? OnlineStores.EMBEDDED : store.trim();
    OnlineStores.requireValid(store);
    if (OnlineStores.isEmbedded(store) && writer == Writer.PIPELINE) {
      throw new InvalidInputException(
          "The embedded online store lives in the serving process, so only that process can fill it;"
              + " use --online-store redis://HOST:PORT to read a store the pipeline writes");
    }
  }

  /** The default: the embedded store, kept on the latest snapshot by this process. */
  public static OnlineServing embedded() {
    return new OnlineServing(OnlineStores.EMBEDDED, Writer.THIS_PROCESS);
  }

  /** {@code store} as written by the pipeline ({@code embedded}: by this process, the only writer it can have). */
  public static OnlineServing writtenByPipeline(String store) {
    String spec = store == null || store.isBlank() ? OnlineStores.EMBEDDED : store;
    return new OnlineServing(spec, OnlineStores.isEmbedded(spec) ? Writer.THIS_PROCESS : Writer.PIPELINE);
  }

  /** {@code store}, which this process also publishes each new snapshot into. */
  public static OnlineServing writtenByThisProcess(String store) {
    return new OnlineServing(store, Writer.THIS_PROCESS);
  }
}
