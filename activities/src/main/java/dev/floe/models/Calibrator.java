package dev.floe.models;

import dev.floe.catalog.FloeCatalog;
import dev.floe.workflows.CalibrateRequest;
import dev.floe.workflows.Calibration;

/** STUB: being built; signatures are the contract. */
public final class Calibrator {
  private final FloeCatalog catalog;

  public Calibrator(FloeCatalog catalog) {
    this.catalog = catalog;
  }

  public Calibration calibrate(CalibrateRequest request) {
    throw new UnsupportedOperationException("not built yet");
  }
}
