package dev.floe.models;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.workflows.ModelCard;
import dev.floe.workflows.RegisterRequest;
import java.util.List;

/** STUB: being built; signatures are the contract. */
public final class ModelRegistry {
  private final FloeCatalog catalog;

  public ModelRegistry(FloeCatalog catalog) {
    this.catalog = catalog;
  }

  /** Appends the model row and tags both snapshots; a retried call finds its own earlier row. */
  public ModelCard register(RegisterRequest request, CommitLineage lineage) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Every model, oldest first. */
  public List<ModelCard> list() {
    throw new UnsupportedOperationException("not built yet");
  }

  /** One model; NotFoundException naming the version when there is none. */
  public ModelCard find(String modelVersion) {
    throw new UnsupportedOperationException("not built yet");
  }
}
