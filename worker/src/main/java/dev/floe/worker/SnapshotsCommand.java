package dev.floe.worker;

import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.catalog.SnapshotHistory;
import dev.floe.catalog.SnapshotRecord;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "snapshots",
    mixinStandardHelpOptions = true,
    description =
        "List a table's snapshots with Floe's lineage (workflow, run, step, source snapshot).")
final class SnapshotsCommand implements Callable<Integer> {
  @ParentCommand private Main floe;

  @Parameters(
      paramLabel = "TABLE",
      description = "raw_events, user_features, model_training_metadata or feature_definitions.")
  private FloeTable table;

  record History(String table, List<SnapshotRecord> snapshots) {
    History {
      snapshots = List.copyOf(snapshots);
    }
  }

  @Override
  public Integer call() {
    try (FloeCatalog catalog = floe.openExistingCatalog()) {
      History history = new History(table.tableName(), SnapshotHistory.of(catalog, table));
      floe.output().print(history, SnapshotsCommand::summary);
    }
    return ExitCode.OK.code();
  }

  static String summary(History history) {
    if (history.snapshots().isEmpty()) {
      return history.table() + " has no snapshots yet.";
    }
    StringBuilder text =
        new StringBuilder(
            String.format(
                "%-20s  %-24s  %-9s  %10s  %10s  %-10s  %s%n",
                "snapshot", "committed at", "operation", "added", "total", "step", "lineage"));
    for (SnapshotRecord snapshot : history.snapshots()) {
      String lineage =
          snapshot.floeProperties().entrySet().stream()
              .filter(property -> !property.getKey().equals("floe.step"))
              .map(
                  property ->
                      property.getKey().substring("floe.".length()) + "=" + property.getValue())
              .reduce((left, right) -> left + " " + right)
              .orElse("");
      String marks =
          (snapshot.current() ? " (current)" : "")
              + (snapshot.tags().isEmpty() ? "" : " tags=" + String.join(",", snapshot.tags()));
      text.append(
          String.format(
              "%-20d  %-24s  %-9s  %10s  %10s  %-10s  %s%s%n",
              snapshot.snapshotId(),
              snapshot.committedAt(),
              snapshot.operation(),
              snapshot.addedRecords() == null ? "" : snapshot.addedRecords(),
              snapshot.totalRecords() == null ? "" : snapshot.totalRecords(),
              snapshot.floeProperties().getOrDefault("floe.step", ""),
              lineage,
              marks));
    }
    return text.toString();
  }
}
