package dev.floe.features;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.workflows.FeaturizeRequest;
import dev.floe.workflows.FeaturizeResult;

/** STUB: being built; signatures are the contract. */
public final class Featurizer {
  private final FloeCatalog catalog;

  public Featurizer(FloeCatalog catalog) {
    this.catalog = catalog;
  }

  public FeaturizeResult featurize(FeaturizeRequest request, CommitLineage lineage) {
    throw new UnsupportedOperationException("not built yet");
  }
}
