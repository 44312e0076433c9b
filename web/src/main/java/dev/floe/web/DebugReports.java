package dev.floe.web;

import dev.floe.detect.DebugReport;
import dev.floe.detect.DebugRequest;
import dev.floe.detect.Detector;

/** Debug reports for the dashboard, from the same Detector that {@code floe debug} uses. */
final class DebugReports {
  private final Detector detector;

  DebugReports(Detector detector) {
    this.detector = detector;
  }

  DebugReport debug(DebugRequest request) {
    return detector.debug(request);
  }
}
