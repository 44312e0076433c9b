package dev.floe.worker;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.ingest.EventIngester;
import dev.floe.workflows.IngestRequest;
import dev.floe.workflows.IngestResult;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Append transactions from a CSV or Parquet file to raw_events, all or nothing.",
      "Columns: id,user_id,amount,vendor_id,event_timestamp (ISO-8601 with zone or Z).",
      "A row already stored with identical content is skipped and counted (so overlapping",
      "exports just work); a row whose id is stored with different content refuses the file.",
      "Ingesting the same file again appends nothing."
    })
final class IngestCommand implements Callable<Integer> {
  @ParentCommand private Main floe;

  @Parameters(paramLabel = "FILE", description = "A .csv or .parquet file.")
  private Path file;

  @Override
  public Integer call() {
    IngestRequest request =
        new IngestRequest(Main.existingFile(file, "file to ingest").toAbsolutePath().toString());
    try (FloeCatalog catalog = floe.openCatalog()) {
      IngestResult result =
          new EventIngester(catalog).ingest(request, CommitLineage.direct("ingest"));
      floe.output().print(result, this::summary);
    }
    return ExitCode.OK.code();
  }

  private String summary(IngestResult result) {
    if (result.alreadyIngested() && result.rows() == 0) {
      return String.format(
          "All %,d rows of %s are already in %s (snapshot %d): nothing appended.",
          result.skippedRows(), file, result.table(), result.snapshotId());
    }
    if (result.alreadyIngested()) {
      return String.format(
          "%s was already ingested (same content) in %s snapshot %d: nothing appended.",
          file, result.table(), result.snapshotId());
    }
    String ingested =
        String.format(
            "Ingested %,d rows from %s into %s (snapshot %d)",
            result.rows(), file, result.table(), result.snapshotId());
    if (result.skippedRows() == 0) {
      return ingested + ".";
    }
    return String.format(
        "%s; skipped %,d rows already stored with identical content.",
        ingested, result.skippedRows());
  }
}
