package dev.floe.worker;

import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "snapshots",
    mixinStandardHelpOptions = true,
    description = "List a table's snapshots with Floe's lineage (workflow, run, step, source snapshot).")
final class SnapshotsCommand implements Callable<Integer> {
  @ParentCommand private Main floe;

  @Parameters(
      paramLabel = "TABLE",
      description = "raw_events, user_features or model_training_metadata.")
  private FloeTable table;

  @Override
  public Integer call() {
    try (FloeCatalog catalog = floe.openExistingCatalog()) {
      // Swap in: SnapshotHistory.of(catalog.load(table))
      Object result = NotYetBuilt.call("SnapshotHistory.of");
      floe.output().print(result, CommandOutput::json);
    }
    return ExitCode.OK.code();
  }
}
