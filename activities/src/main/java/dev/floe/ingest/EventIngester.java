package dev.floe.ingest;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.workflows.IngestRequest;
import dev.floe.workflows.IngestResult;

/** STUB: being built; signatures are the contract. */
public final class EventIngester {
  private final FloeCatalog catalog;

  public EventIngester(FloeCatalog catalog) {
    this.catalog = catalog;
  }

  public IngestResult ingest(IngestRequest request, CommitLineage lineage) {
    throw new UnsupportedOperationException("not built yet");
  }
}
