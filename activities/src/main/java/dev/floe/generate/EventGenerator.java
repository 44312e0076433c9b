package dev.floe.generate;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.catalog.TableCommits;
import dev.floe.engine.DuckDb;
import dev.floe.engine.ParquetTableWriter;
import dev.floe.engine.SqlStatement;
import dev.floe.error.InvalidInputException;
import dev.floe.error.StorageException;
import dev.floe.workflows.AnomalySpec;
import dev.floe.workflows.GenerateRequest;
import dev.floe.workflows.GenerateResult;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotAncestryValidator;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.util.SnapshotUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates synthetic transactions into {@code raw_events} per DESIGN.md "Generation" and "Anomaly
 * spec", set-based in DuckDB and written straight to Parquet.
 *
 * <p>Rows are a pure function of the seed, the parameters and the end date: event {@code i} of a
 * request always has the same user, vendor, time and amount, whatever the batch split. Ids are
 * {@code base + i + 1}, where {@code base} is the table's highest id when the run began, so they
 * never collide with rows already there nor across batches. Randomness comes from DuckDB's {@code
 * hash}, so the rows are identical for a given DuckDB version (the version is pinned in the build).
 *
 * <p>Exactly once: each batch is its own append, stamped with the lineage, the batch number and the
 * id base. A retried call with the same {@link CommitLineage} finds the batches that already
 * landed, skips them, and reuses their id base, so a crash between batches neither duplicates nor
 * renumbers.
 */
public final class EventGenerator {
  /** Summary key naming a batch as {@code "b/batches"}, b counted from 1. */
  public static final String BATCH = "floe.batch";

  /** Summary key holding the table's highest id before the run, so a retry numbers ids alike. */
  public static final String ID_BASE = "floe.id-base";

  /**
   * Summary key holding the highest id the whole run will use. Another writer starts after it even
   * while this run's later batches are still to come (say, after a crash), so ids never collide.
   */
  public static final String ID_END = "floe.id-end";

  /** Concurrent commits one batch may lose its id range to before giving up. */
  private static final int MAX_ID_CLAIMS = 10;

  private static final Logger LOG = LoggerFactory.getLogger(EventGenerator.class);

  private final FloeCatalog catalog;

  public EventGenerator(FloeCatalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog is null");
  }

  public GenerateResult generate(GenerateRequest request, CommitLineage lineage) {
    requireNonNull(request, "request is null");
    requireNonNull(lineage, "lineage is null");
    validate(request);
    Table table = catalog.loadOrCreate(FloeTable.RAW_EVENTS);
    Map<Integer, Snapshot> landed = landedBatches(table, lineage, request.batches());
    long idBase =
        landed.isEmpty()
            ? EventIds.highest(table)
            : Long.parseLong(landed.values().iterator().next().summary().get(ID_BASE));

    try (Connection connection = DuckDb.open()) {
      GeneratedEvents events = GeneratedEvents.prepare(connection, request);
      long total = events.total();
      List<Long> snapshotIds = new ArrayList<>();
      for (int batch = 0; batch < request.batches(); batch++) {
        Snapshot earlier = landed.get(batch + 1);
        if (earlier != null) {
          LOG.info(
              "Batch {}/{} of run {} already committed as snapshot {}",
              batch + 1,
              request.batches(),
              lineage.runId(),
              earlier.snapshotId());
          snapshotIds.add(earlier.snapshotId());
          continue;
        }
        long first = request.events() * batch / request.batches();
        // Added anomaly events come after every generated one, in the last batch.
        long end =
            batch == request.batches() - 1
                ? total
                : request.events() * (batch + 1) / request.batches();
        Snapshot snapshot =
            commitBatch(connection, table, events, lineage, request, batch, first, end, idBase);
        idBase = Long.parseLong(snapshot.summary().get(ID_BASE));
        snapshotIds.add(snapshot.snapshotId());
      }
      return new GenerateResult(
          FloeTable.RAW_EVENTS.tableName(),
          snapshotIds.get(snapshotIds.size() - 1),
          total,
          snapshotIds,
          events.outcomes());
    } catch (SQLException e) {
      throw new StorageException("Cannot generate events: " + e.getMessage(), e);
    }
  }

  /**
   * Writes and appends one batch. The append claims its id range: it fails if anything was
   * committed to raw_events since the ids were chosen (another run generating at the same time read
   * the same highest id), and the batch is then rewritten above the new highest id, or, if the commit
   * that came first was this very batch from an earlier attempt of the step, that one is kept.
   */
  private static Snapshot commitBatch(
      Connection connection,
      Table table,
      GeneratedEvents events,
      CommitLineage lineage,
      GenerateRequest request,
      int batch,
      long first,
      long end,
      long idBase) {
    long batchBase = idBase;
    for (int claim = 1; ; claim++) {
      table.refresh();
      Snapshot base = table.currentSnapshot();
      if (claim > 1) {
        batchBase = Math.max(idBase, EventIds.highest(table) - first);
      }
      SqlStatement rows = events.batch(batchBase, first, end);
      List<DataFile> files =
          ParquetTableWriter.write(connection, table, rows.sql(), rows.parameters().toArray());
      Map<String, String> summary = new HashMap<>();
      summary.put(CommitLineage.ROWS, Long.toString(end - first));
      summary.put(BATCH, (batch + 1) + "/" + request.batches());
      summary.put(ID_BASE, Long.toString(batchBase));
      summary.put(ID_END, Long.toString(batchBase + events.total()));
      try {
        Snapshot snapshot =
            TableCommits.append(
                table, files, lineage, summary, new IdRangeClaim(base == null ? null : base.snapshotId()));
        LOG.info(
            "Committed batch {}/{}: {} rows as snapshot {}",
            batch + 1,
            request.batches(),
            end - first,
            snapshot.snapshotId());
        return snapshot;
      } catch (ValidationException e) {
        Snapshot ours = landedBatches(table, lineage, request.batches()).get(batch + 1);
        if (ours != null) {
          return ours;
        }
        if (claim >= MAX_ID_CLAIMS) {
          throw new StorageException(
              "Cannot claim ids for batch " + (batch + 1) + " after " + claim + " concurrent commits", e);
        }
        LOG.info("raw_events changed while batch {} was written; rewriting it above the new highest id", batch + 1);
      }
    }
  }

  /** Valid only if nothing was committed since {@code baseSnapshotId} (null: an empty table). */
  private record IdRangeClaim(Long baseSnapshotId) implements SnapshotAncestryValidator {
    @Override
    public boolean validate(Iterable<Snapshot> ancestors) {
      Iterator<Snapshot> newestFirst = ancestors.iterator();
      return baseSnapshotId == null
          ? !newestFirst.hasNext()
          : newestFirst.hasNext() && newestFirst.next().snapshotId() == baseSnapshotId;
    }

    @Override
    public String errorMessage() {
      return "raw_events was committed to concurrently since snapshot " + baseSnapshotId;
    }
  }

  private static void validate(GenerateRequest request) {
    if (request.users() <= 0) {
      throw new InvalidInputException("users must be at least 1, got " + request.users());
    }
    if (request.events() < 0) {
      throw new InvalidInputException("events must be 0 or more, got " + request.events());
    }
    if (request.days() < 1) {
      throw new InvalidInputException("days must be at least 1, got " + request.days());
    }
    if (request.endDate() == null) {
      throw new InvalidInputException("end_date is missing");
    }
    if (request.batches() < 1 || request.batches() > Math.max(1, request.events())) {
      throw new InvalidInputException(
          "batches must be between 1 and the number of events ("
              + Math.max(1, request.events())
              + "), got "
              + request.batches());
    }
    List<AnomalySpec> anomalies = request.anomalies();
    for (int i = 0; i < anomalies.size(); i++) {
      AnomalySpec spec = anomalies.get(i);
      String where =
          "anomalies[" + (i + 1) + "] (user_id " + spec.userId() + ", day " + spec.day() + ")";
      AnomalySpecs.problem(spec, request.days())
          .ifPresent(
              problem -> {
                throw new InvalidInputException(where + ": " + problem);
              });
    }
  }

  /**
   * The batches of this run and step that are in the table, by 1-based batch number. Only ancestors
   * of the current snapshot count: a batch rolled back out of the table is committed again.
   */
  private static Map<Integer, Snapshot> landedBatches(
      Table table, CommitLineage lineage, int batches) {
    Map<Integer, Snapshot> landed = new HashMap<>();
    if (TableCommits.findCommit(table, lineage).isEmpty()) {
      return landed;
    }
    for (Snapshot snapshot : SnapshotUtil.currentAncestors(table)) {
      String batch = snapshot.summary().get(BATCH);
      if (lineage.madeBy(snapshot) && batch != null && batch.endsWith("/" + batches)) {
        landed.put(Integer.parseInt(batch.substring(0, batch.indexOf('/'))), snapshot);
      }
    }
    return landed;
  }

  static void execute(Connection connection, String sql, Object... parameters) throws SQLException {
    try (var statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      statement.execute();
    }
  }
}
