package dev.floe.features;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.catalog.TableCommits;
import dev.floe.engine.DuckDb;
import dev.floe.engine.ParquetTableWriter;
import dev.floe.engine.SnapshotFiles;
import dev.floe.error.InvalidInputException;
import dev.floe.error.NotFoundException;
import dev.floe.error.StorageException;
import dev.floe.workflows.BackfillChunkRequest;
import dev.floe.workflows.BackfillChunkResult;
import dev.floe.workflows.BackfillPlan;
import dev.floe.workflows.BackfillRequest;
import dev.floe.workflows.FeaturizeResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recomputes a range of {@code user_features} dates from one raw_events snapshot, in chunks that
 * can run anywhere at once (each writes its dates' Parquet files and returns them uncommitted), then
 * replaces exactly that range in one commit. Every chunk runs featurize's own {@link
 * FeatureStatement} (spending_mean_7d alone, or every applied feature), so a backfill and a
 * featurize of the same raw snapshot give the same rows.
 *
 * <p>The commit names the raw snapshot as the one the features were built from only when the rest
 * of the table was built from it too; otherwise the table mixes two raw snapshots, and the next
 * featurize, finding no raw snapshot recorded, recomputes every date rather than trust either.
 */
public final class FeatureBackfill {
  public static final String BACKFILL_RAW_SNAPSHOT_ID = "floe.backfill-raw-snapshot-id";
  private static final Logger LOG = LoggerFactory.getLogger(FeatureBackfill.class);

  private final FloeCatalog catalog;

  public FeatureBackfill(FloeCatalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog is null");
  }

  /** Checks the request against the raw snapshot and splits the range into chunks. */
  public BackfillPlan plan(BackfillRequest request) {
    Map<String, String> problems = request.problems();
    if (!problems.isEmpty()) {
      throw new InvalidInputException("Invalid backfill: " + String.join("; ", problems.values()));
    }
    Table raw = catalog.load(FloeTable.RAW_EVENTS);
    long rawSnapshotId = rawSnapshot(raw, request.rawSnapshotId());
    List<RawEventFile> files = RawEventFile.inSnapshot(raw, rawSnapshotId);
    if (files.isEmpty()) {
      throw new NotFoundException("Snapshot " + rawSnapshotId + " of raw_events holds no events: nothing to backfill");
    }
    LocalDate first = files.stream().map(RawEventFile::day).min(Comparator.naturalOrder()).get();
    LocalDate last = files.stream().map(RawEventFile::day).max(Comparator.naturalOrder()).get();
    if (request.from().isBefore(first) || request.to().isAfter(last)) {
      throw new InvalidInputException(
          "Backfill range " + request.from() + ".." + request.to() + " is outside raw_events snapshot "
              + rawSnapshotId + ", which holds events from " + first + " to " + last);
    }
    Table features = catalog.loadOrCreate(FloeTable.USER_FEATURES);
    Snapshot base = features.currentSnapshot();
    List<BackfillChunkRequest> chunks = new ArrayList<>();
    for (LocalDate start = request.from(); !start.isAfter(request.to()); start = start.plusDays(request.chunkDaysOrDefault())) {
      LocalDate end = start.plusDays(request.chunkDaysOrDefault() - 1L);
      chunks.add(new BackfillChunkRequest(rawSnapshotId, start, end.isAfter(request.to()) ? request.to() : end));
    }
    return new BackfillPlan(rawSnapshotId, base == null ? null : base.snapshotId(), request.from(), request.to(), chunks);
  }

  /** Writes the chunk's dates as Parquet files in user_features' location; commits nothing. */
  public BackfillChunkResult compute(BackfillChunkRequest chunk) {
    Table raw = catalog.load(FloeTable.RAW_EVENTS);
    Table features = catalog.loadOrCreate(FloeTable.USER_FEATURES);
    FeatureStatement statement = FeatureStatement.of(catalog, features);
    List<RawEventFile> all = RawEventFile.inSnapshot(raw, chunk.rawSnapshotId());
    LocalDate windowStart = chunk.start().minusDays(statement.reach().daysBefore());
    List<String> windowFiles =
        all.stream()
            .filter(file -> !file.day().isBefore(windowStart) && !file.day().isAfter(chunk.end()))
            .map(RawEventFile::path)
            .toList();
    SnapshotFiles allEvents =
        new SnapshotFiles(raw.schema(), chunk.rawSnapshotId(), all.stream().map(RawEventFile::path).toList());
    String sql =
        Featurizer.featureSql(
            statement.sql(),
            new SnapshotFiles(raw.schema(), chunk.rawSnapshotId(), windowFiles),
            RecomputePlan.firstEventDates(allEvents),
            List.of(new DateRange(chunk.start(), chunk.end())));
    try (Connection duck = DuckDb.open()) {
      List<DataFile> files = ParquetTableWriter.write(duck, features, statement.columns(), sql);
      long rows = files.stream().mapToLong(DataFile::recordCount).sum();
      LOG.info("Backfill chunk {}..{} wrote {} rows in {} files", chunk.start(), chunk.end(), rows, files.size());
      return new BackfillChunkResult(chunk.start(), chunk.end(), rows, files.stream().map(FeatureBackfill::encode).toList());
    } catch (SQLException e) {
      throw new StorageException("Cannot close DuckDB: " + e.getMessage(), e);
    }
  }

  /**
   * Replaces the plan's range with every chunk's files in one commit; a retried call finds the
   * commit an earlier attempt of the same lineage made.
   */
  public FeaturizeResult commit(BackfillPlan plan, List<BackfillChunkResult> chunks, CommitLineage lineage) {
    Table features = catalog.loadOrCreate(FloeTable.USER_FEATURES);
    Optional<Snapshot> earlier = TableCommits.findCommit(features, lineage);
    if (earlier.isPresent()) {
      return result(earlier.get(), plan, chunks);
    }
    if (chunks.size() != plan.chunks().size()) {
      throw new IllegalArgumentException("Expected " + plan.chunks().size() + " chunks, got " + chunks.size());
    }
    List<DataFile> files = new ArrayList<>();
    chunks.forEach(chunk -> chunk.dataFiles().forEach(file -> files.add(decode(file))));
    Expression range =
        Expressions.and(
            Expressions.greaterThanOrEqual("dt", plan.from().toString()),
            Expressions.lessThanOrEqual("dt", plan.to().toString()));
    Map<String, String> summary = new LinkedHashMap<>();
    Snapshot base = plan.baseSnapshotId() == null ? null : features.snapshot(plan.baseSnapshotId());
    FeatureStatement statement = FeatureStatement.of(catalog, features);
    // The rest of the table keeps what it was computed by: only when that is this very statement
    // does the commit name it, so that the next featurize may build on the whole table.
    boolean sameStatement = base != null && statement.computed(base);
    boolean sameRawSnapshot =
        sameStatement && Optional.of(plan.rawSnapshotId()).equals(RecomputePlan.rawSnapshotIdOf(base));
    if (sameRawSnapshot) {
      summary.put(CommitLineage.RAW_SNAPSHOT_ID, Long.toString(plan.rawSnapshotId()));
    }
    summary.put(BACKFILL_RAW_SNAPSHOT_ID, Long.toString(plan.rawSnapshotId()));
    summary.put(Featurizer.RECOMPUTE_SCOPE, "backfill");
    summary.put(Featurizer.RECOMPUTED_FROM, plan.from().toString());
    summary.put(Featurizer.RECOMPUTED_TO, plan.to().toString());
    summary.put(Featurizer.SQL_SHA256, statement.sql().sha256());
    if (sameStatement) {
      statement.featureNames().ifPresent(names -> summary.put(Featurizer.FEATURES_COMPUTED, names));
    }
    try {
      Snapshot snapshot =
          TableCommits.replaceWhere(features, files, range, plan.baseSnapshotId(), lineage, summary);
      return result(snapshot, plan, chunks);
    } catch (ValidationException | CommitFailedException e) {
      throw new StorageException(
          "Cannot commit the backfill: user_features changed in " + plan.from() + ".." + plan.to()
              + " while it ran (" + e.getMessage() + "); run it again",
          e);
    }
  }

  private static FeaturizeResult result(Snapshot snapshot, BackfillPlan plan, List<BackfillChunkResult> chunks) {
    long written = chunks.stream().mapToLong(BackfillChunkResult::rows).sum();
    long total = Long.parseLong(snapshot.summary().getOrDefault("total-records", "0"));
    int dates = Math.toIntExact(java.time.temporal.ChronoUnit.DAYS.between(plan.from(), plan.to()) + 1);
    return new FeaturizeResult(
        FloeTable.USER_FEATURES.tableName(), snapshot.snapshotId(), total, plan.rawSnapshotId(), true, written, dates,
        plan.from(), plan.to());
  }

  private static long rawSnapshot(Table raw, Long requested) {
    if (requested == null) {
      if (raw.currentSnapshot() == null) {
        throw new NotFoundException("Table raw_events has no snapshot yet: run 'floe generate' or 'floe ingest FILE' first");
      }
      return raw.currentSnapshot().snapshotId();
    }
    if (raw.snapshot(requested) == null) {
      throw new NotFoundException("Snapshot " + requested + " does not exist in table raw_events");
    }
    return requested;
  }

  /** Iceberg's data files are Serializable: the one exact form that carries partition and metrics. */
  static String encode(DataFile file) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(file);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot serialize data file " + file.location(), e);
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  static DataFile decode(String encoded) {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(encoded)))) {
      return (DataFile) in.readObject();
    } catch (IOException | ClassNotFoundException | IllegalArgumentException e) {
      throw new InvalidInputException("A backfill chunk result holds a malformed data file: " + e.getMessage(), e);
    }
  }
}
