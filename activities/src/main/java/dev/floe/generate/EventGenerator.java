package dev.floe.generate;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.workflows.GenerateRequest;
import dev.floe.workflows.GenerateResult;

/** STUB: being built; signatures are the contract. */
public final class EventGenerator {
  private final FloeCatalog catalog;

  public EventGenerator(FloeCatalog catalog) {
    this.catalog = catalog;
  }

  public GenerateResult generate(GenerateRequest request, CommitLineage lineage) {
    throw new UnsupportedOperationException("not built yet");
  }
}
