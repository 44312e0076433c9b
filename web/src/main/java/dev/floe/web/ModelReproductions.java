package dev.floe.web;

import dev.floe.models.ModelReproducer;
import dev.floe.models.Reproduction;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code floe reproduce} for the dashboard. Reproducing recomputes every feature of a model's raw
 * snapshot, so it runs only when asked; the verdict is kept for the process's life, since the
 * snapshots a model names never change and the SQL cannot change under a running process.
 */
final class ModelReproductions {
  private final ModelReproducer reproducer;
  private final Map<String, Reproduction> verdicts = new ConcurrentHashMap<>();

  ModelReproductions(ModelReproducer reproducer) {
    this.reproducer = reproducer;
  }

  /** The kept verdict for a model, if it was checked since the process started. */
  Optional<Reproduction> kept(String modelVersion) {
    return Optional.ofNullable(verdicts.get(modelVersion));
  }

  /** Checks a model now (or returns its kept verdict). */
  Reproduction check(String modelVersion) {
    return verdicts.computeIfAbsent(modelVersion, reproducer::reproduce);
  }
}
