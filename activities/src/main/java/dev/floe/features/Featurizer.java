package dev.floe.features;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.catalog.TableCommits;
import dev.floe.engine.DuckDb;
import dev.floe.engine.ParquetTableWriter;
import dev.floe.engine.SnapshotFiles;
import dev.floe.engine.SqlFile;
import dev.floe.error.NotFoundException;
import dev.floe.error.StorageException;
import dev.floe.features.registry.FeatureRegistry;
import dev.floe.features.registry.RegisteredFeature;
import dev.floe.workflows.FeaturizeRequest;
import dev.floe.workflows.FeaturizeResult;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.types.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes {@code spending_mean_7d} (sql/gapfilled_7day_spend.sql), or, once definitions are
 * applied, every applied feature in one pass (sql/applied_features.sql), from a raw_events snapshot
 * into user_features, so that every user_features snapshot holds exactly one row per (user_id, dt)
 * and names the raw snapshot it was computed from.
 *
 * <p>Incremental: when the requested raw snapshot descends, by appends, from the one the current
 * features were built from by the same statement, only the dates whose windows saw appended events
 * (see {@link FeatureReach}) and dates the appends added are recomputed, and their partitions
 * replaced. Anything else (no features yet, an older or unrelated raw snapshot, other features)
 * recomputes every date and replaces the whole table. Idempotent: features already built from the
 * requested snapshot commit nothing, and a retried run of the same lineage returns its earlier
 * commit.
 */
public final class Featurizer {
  public static final String FEATURE_SQL = "gapfilled_7day_spend";

  /** Snapshot summary keys describing what a feature commit recomputed. */
  public static final String RECOMPUTE_SCOPE = "floe.recompute";

  public static final String DATES_RECOMPUTED = "floe.dates-recomputed";
  public static final String RECOMPUTED_FROM = "floe.recomputed-from";
  public static final String RECOMPUTED_TO = "floe.recomputed-to";
  public static final String SQL_SHA256 = "floe.sql-sha256";

  /** The applied features a commit computed, in column order (absent: spending_mean_7d alone). */
  public static final String FEATURES_COMPUTED = "floe.features";

  /** spending_mean_7d as a registry entry, for a store whose registry does not list it. */
  private static final RegisteredFeature BUILT_IN =
      new RegisteredFeature(
          FeatureRegistry.BUILT_IN_FEATURE,
          0,
          "user_id",
          "raw_events",
          "mean",
          "amount",
          7,
          "decimal(15, 2)",
          "spending_mean_7d",
          "floe",
          null,
          "",
          "",
          java.time.Instant.EPOCH);

  /**
   * The user_features columns the feature statement writes: the table's first schema. Columns that
   * {@code floe features apply} added later are optional and read as null in these files.
   */
  static final Schema WRITTEN_COLUMNS = FloeTable.USER_FEATURES.schema();

  private static final Logger LOG = LoggerFactory.getLogger(Featurizer.class);

  private final FloeCatalog catalog;

  public Featurizer(FloeCatalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog is null");
  }

  public FeaturizeResult featurize(FeaturizeRequest request, CommitLineage lineage) {
    requireNonNull(request, "request is null");
    requireNonNull(lineage, "lineage is null");
    Table raw = catalog.load(FloeTable.RAW_EVENTS);
    long rawSnapshotId = resolve(raw, request.rawSnapshotId());
    Table features = catalog.loadOrCreate(FloeTable.USER_FEATURES);

    Optional<Snapshot> earlier = TableCommits.findCommit(features, lineage);
    if (earlier.isPresent()) {
      LOG.info(
          "user_features snapshot {} was already committed by {}",
          earlier.get().snapshotId(),
          lineage);
      return committed(earlier.get());
    }
    Snapshot base = features.currentSnapshot();
    List<RegisteredFeature> applied = appliedFeatures(catalog, features);
    if (!applied.isEmpty()) {
      return featurizeApplied(raw, rawSnapshotId, features, base, applied, lineage);
    }
    if (base != null && RecomputePlan.rawSnapshotIdOf(base).equals(Optional.of(rawSnapshotId))) {
      return unchanged(base, rawSnapshotId);
    }
    try (Connection duck = DuckDb.open()) {
      long started = System.nanoTime();
      RecomputePlan plan =
          RecomputePlan.plan(
              duck, raw, rawSnapshotId, features, base, FeatureReach.SPENDING_MEAN_7D);
      if (plan.isEmpty()) {
        // The appended snapshots added no events: the current features are already those of
        // rawSnapshotId.
        return unchanged(base, rawSnapshotId);
      }
      SqlFile sql = SqlFile.load(FEATURE_SQL);
      List<DataFile> files =
          ParquetTableWriter.write(
              duck,
              features,
              WRITTEN_COLUMNS,
              featureSql(sql, plan.rawEvents(), plan.earlierFeatures(), plan.ranges()));
      Snapshot snapshot =
          commit(
              features,
              files,
              plan.scope(),
              base,
              lineage,
              summary(plan, files, rawSnapshotId, sql));
      LOG.info(
          "Featurized raw_events snapshot {} into user_features snapshot {}: {} dates ({}), {} rows"
              + " in {} ms",
          rawSnapshotId,
          snapshot.snapshotId(),
          plan.dates(),
          plan.scope(),
          rowCount(files),
          (System.nanoTime() - started) / 1_000_000);
      return committed(snapshot);
    } catch (SQLException e) {
      throw new StorageException("Cannot close DuckDB: " + e.getMessage(), e);
    }
  }

  /**
   * The features {@code floe features apply} added, with spending_mean_7d, in user_features column
   * order; empty when none was added, so that such a store is featurized exactly as always.
   */
  static List<RegisteredFeature> appliedFeatures(FloeCatalog catalog, Table features) {
    Map<String, RegisteredFeature> registered = new LinkedHashMap<>();
    new FeatureRegistry(catalog).list().forEach(feature -> registered.put(feature.name(), feature));
    registered.keySet().retainAll(
        features.schema().columns().stream().map(Types.NestedField::name).toList());
    if (registered.keySet().stream().allMatch(FeatureRegistry.BUILT_IN_FEATURE::equals)) {
      return List.of();
    }
    List<RegisteredFeature> ordered = new ArrayList<>();
    for (Types.NestedField column : features.schema().columns()) {
      RegisteredFeature feature = registered.get(column.name());
      if (feature != null) {
        ordered.add(feature);
      } else if (column.name().equals(FeatureRegistry.BUILT_IN_FEATURE)) {
        ordered.add(BUILT_IN);
      }
    }
    return ordered;
  }

  /**
   * Featurizes a store with applied features, computing every feature in one pass. Incremental as
   * spending_mean_7d alone is, over the features' {@link FeatureReach}, when the current snapshot
   * was computed by the very same statement (the same features, the same definitions); otherwise
   * every date is recomputed from the whole raw snapshot (so a newly applied feature is backfilled
   * over all of history, and the other columns get the same values again). Idempotent: a snapshot
   * already built from {@code rawSnapshotId} by the same statement commits nothing.
   */
  private FeaturizeResult featurizeApplied(
      Table raw,
      long rawSnapshotId,
      Table features,
      Snapshot base,
      List<RegisteredFeature> applied,
      CommitLineage lineage) {
    FeatureStatement statement = FeatureStatement.of(applied, features);
    boolean sameStatement = base != null && statement.computed(base);
    if (sameStatement && RecomputePlan.rawSnapshotIdOf(base).equals(Optional.of(rawSnapshotId))) {
      return unchanged(base, rawSnapshotId);
    }
    try (Connection duck = DuckDb.open()) {
      long started = System.nanoTime();
      RecomputePlan plan =
          sameStatement
              ? RecomputePlan.plan(duck, raw, rawSnapshotId, features, base, statement.reach())
              : RecomputePlan.planAll(raw, rawSnapshotId, features);
      if (plan.isEmpty()) {
        return unchanged(base, rawSnapshotId);
      }
      List<DataFile> files =
          ParquetTableWriter.write(
              duck,
              features,
              statement.columns(),
              featureSql(
                  statement.sql(), plan.rawEvents(), plan.earlierFeatures(), plan.ranges()));
      Map<String, String> summary = summary(plan, files, rawSnapshotId, statement.sql());
      summary.put(FEATURES_COMPUTED, statement.featureNames().orElseThrow());
      Snapshot snapshot = commit(features, files, plan.scope(), base, lineage, summary);
      LOG.info(
          "Featurized raw_events snapshot {} into user_features snapshot {}: {} features, {} dates"
              + " ({}), {} rows in {} ms",
          rawSnapshotId,
          snapshot.snapshotId(),
          applied.size(),
          plan.dates(),
          plan.scope(),
          rowCount(files),
          (System.nanoTime() - started) / 1_000_000);
      return committed(snapshot);
    } catch (SQLException e) {
      throw new StorageException("Cannot close DuckDB: " + e.getMessage(), e);
    }
  }

  /** The value of {@link #FEATURES_COMPUTED} for a commit of {@code applied}. */
  static String featureNames(List<RegisteredFeature> applied) {
    return applied.stream().map(RegisteredFeature::name).collect(Collectors.joining(","));
  }

  /** The user_features columns the statement for {@code applied} writes, in table order. */
  static Schema writtenColumns(Table features, List<RegisteredFeature> applied) {
    return features
        .schema()
        .select(
            Stream.concat(Stream.of("user_id", "dt"), applied.stream().map(RegisteredFeature::name))
                .toList());
  }

  /**
   * The feature statement as a full recompute runs it: every date of {@code [first, last]} from
   * {@code rawEvents} alone, no earlier features. Public so that {@code floe bench} can run the
   * very statement featurize runs over the same files, without Iceberg around it.
   */
  public static String fullRecomputeSql(SnapshotFiles rawEvents, LocalDate first, LocalDate last) {
    return featureSql(
        SqlFile.load(FEATURE_SQL),
        rawEvents,
        new SnapshotFiles(FloeTable.USER_FEATURES.schema(), null, List.of()).relation(),
        List.of(new DateRange(first, last)));
  }

  /**
   * As {@link #fullRecomputeSql(SnapshotFiles, LocalDate, LocalDate)}, for the given feature
   * definitions in one pass ({@code sql/applied_features.sql}): the columns user_id, dt, the
   * features in the given order, and __partition. Every column's values are those featurize gives
   * it, whatever other features it computes beside them.
   */
  public static String fullRecomputeSql(
      List<RegisteredFeature> definitions,
      SnapshotFiles rawEvents,
      LocalDate first,
      LocalDate last) {
    return featureSql(
        FeatureSql.of(definitions),
        rawEvents,
        new SnapshotFiles(FloeTable.USER_FEATURES.schema(), null, List.of()).relation(),
        List.of(new DateRange(first, last)));
  }

  static String featureSql(
      SqlFile sql, SnapshotFiles rawEvents, String earlierFeatures, List<DateRange> ranges) {
    return sql.render(
        Map.of(
            "raw_events", rawEvents.relation(),
            "earlier_features", earlierFeatures,
            "date_ranges", DateRange.relation(ranges)));
  }

  private static long resolve(Table raw, Long requested) {
    if (requested == null) {
      Snapshot current = raw.currentSnapshot();
      if (current == null) {
        throw new NotFoundException(
            "Table raw_events has no snapshot yet: run 'floe generate' or 'floe ingest FILE'"
                + " first");
      }
      return current.snapshotId();
    }
    if (raw.snapshot(requested) == null) {
      throw new NotFoundException("Snapshot " + requested + " does not exist in table raw_events");
    }
    return requested;
  }

  private static Map<String, String> summary(
      RecomputePlan plan, List<DataFile> files, long rawSnapshotId, SqlFile sql) {
    Map<String, String> summary = new LinkedHashMap<>();
    summary.put(CommitLineage.RAW_SNAPSHOT_ID, Long.toString(rawSnapshotId));
    summary.put(CommitLineage.ROWS, Long.toString(rowCount(files)));
    summary.put(RECOMPUTE_SCOPE, plan.scope().name().toLowerCase(Locale.ROOT));
    summary.put(DATES_RECOMPUTED, Integer.toString(plan.dates()));
    summary.put(RECOMPUTED_FROM, plan.firstDate().orElseThrow().toString());
    summary.put(RECOMPUTED_TO, plan.lastDate().orElseThrow().toString());
    summary.put(SQL_SHA256, sql.sha256());
    return summary;
  }

  /** Commits the written files once; on a conflict they are deleted, as no snapshot names them. */
  private static Snapshot commit(
      Table features,
      List<DataFile> files,
      RecomputePlan.Scope scope,
      Snapshot base,
      CommitLineage lineage,
      Map<String, String> summary) {
    Long baseId = base == null ? null : base.snapshotId();
    try {
      return switch (scope) {
        case ALL -> TableCommits.replaceAll(features, files, baseId, lineage, summary);
        case DATES -> TableCommits.replacePartitions(features, files, baseId, lineage, summary);
      };
    } catch (ValidationException | CommitFailedException e) {
      throw new StorageException(
          "Cannot commit user_features: it changed while features were computed ("
              + e.getMessage()
              + "); run featurize again",
          e);
    }
  }

  private static long rowCount(List<DataFile> files) {
    return files.stream().mapToLong(DataFile::recordCount).sum();
  }

  /**
   * The result a feature commit stands for, read back from its summary (also for a retried run).
   */
  private static FeaturizeResult committed(Snapshot snapshot) {
    Map<String, String> summary = snapshot.summary();
    return new FeaturizeResult(
        FloeTable.USER_FEATURES.tableName(),
        snapshot.snapshotId(),
        totalRows(snapshot),
        RecomputePlan.rawSnapshotIdOf(snapshot)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Feature commit without " + CommitLineage.RAW_SNAPSHOT_ID)),
        true,
        Long.parseLong(summary.get(CommitLineage.ROWS)),
        Integer.parseInt(summary.get(DATES_RECOMPUTED)),
        LocalDate.parse(summary.get(RECOMPUTED_FROM)),
        LocalDate.parse(summary.get(RECOMPUTED_TO)));
  }

  private static FeaturizeResult unchanged(Snapshot current, long rawSnapshotId) {
    LOG.info(
        "user_features snapshot {} is already current for raw_events snapshot {}: nothing to"
            + " commit",
        current.snapshotId(),
        rawSnapshotId);
    return new FeaturizeResult(
        FloeTable.USER_FEATURES.tableName(),
        current.snapshotId(),
        totalRows(current),
        rawSnapshotId,
        false,
        0,
        0,
        null,
        null);
  }

  private static long totalRows(Snapshot snapshot) {
    return Long.parseLong(snapshot.summary().getOrDefault(SnapshotSummary.TOTAL_RECORDS_PROP, "0"));
  }
}
