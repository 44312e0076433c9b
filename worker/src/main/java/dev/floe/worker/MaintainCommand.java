package dev.floe.worker;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.maintenance.MaintenanceReport;
import dev.floe.maintenance.TableMaintenance;
import dev.floe.maintenance.TableReport;
import dev.floe.pointintime.TimeText;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "maintain",
    mixinStandardHelpOptions = true,
    description = {
      "Keep a long-lived store healthy: compact each partition's small files, expire snapshots",
      "older than --older-than (never one a registered model is tagged to), and delete orphan",
      "files older than that which no snapshot reaches. Every model's data stays bit-identical."
    })
final class MaintainCommand implements Callable<Integer> {
  @ParentCommand private Main floe;

  @Option(
      names = "--older-than",
      paramLabel = "DURATION",
      defaultValue = "30d",
      description = "Snapshots and orphan files older than this may go: 30d, 12h, PT12H (default 30d).")
  private String olderThan;

  @Override
  public Integer call() {
    Instant cutoff = Instant.now().minus(TimeText.duration("--older-than", olderThan));
    try (FloeCatalog catalog = floe.openExistingCatalog()) {
      MaintenanceReport report =
          new TableMaintenance(catalog).maintain(cutoff, CommitLineage.direct("maintain"));
      floe.output().print(report, MaintainCommand::summary);
    }
    return ExitCode.OK.code();
  }

  static String summary(MaintenanceReport report) {
    StringBuilder text =
        new StringBuilder("Maintained the store (snapshots and orphans older than ")
            .append(report.olderThan())
            .append("):")
            .append(System.lineSeparator());
    for (TableReport table : report.tables()) {
      text.append(
          String.format(
              "  %-24s %d small files compacted into %d; %d of %d snapshots expired, %d kept for"
                  + " models; %d orphan files deleted (%,d bytes)%n",
              table.table(),
              table.filesCompacted(),
              table.filesWritten(),
              table.snapshotsExpired(),
              table.snapshotsBefore(),
              table.modelSnapshotsKept().size(),
              table.orphanFilesDeleted(),
              table.orphanBytesDeleted()));
      table.notes().forEach(note -> text.append("    note: ").append(note).append(System.lineSeparator()));
    }
    return text.toString();
  }
}
