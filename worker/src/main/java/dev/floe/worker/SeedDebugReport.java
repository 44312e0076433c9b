package dev.floe.worker;

import dev.floe.detect.DebugReport;

/**
 * The debug report exactly as the seed printed it. The library's {@link DebugReport} carries the
 * full {@link dev.floe.workflows.ModelCard} (with lineage); the CLI keeps the seed's shape so scripts
 * written against the seed keep working.
 */
record SeedDebugReport(
    String modelVersion,
    DebugReport.Decision decision,
    String why,
    DebugReport.Context context,
    SeedModelCard modelCard) {

  static SeedDebugReport of(DebugReport report) {
    return new SeedDebugReport(
        report.modelVersion(),
        report.decision(),
        report.why(),
        report.context(),
        SeedModelCard.of(report.modelCard()));
  }
}
