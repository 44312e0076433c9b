package dev.floe.detect;

import dev.floe.catalog.FloeCatalog;

/** STUB: being built; signatures are the contract. */
public final class Detector {
  private final FloeCatalog catalog;

  public Detector(FloeCatalog catalog) {
    this.catalog = catalog;
  }

  public DebugReport debug(DebugRequest request) {
    throw new UnsupportedOperationException("not built yet");
  }
}
