package dev.floe.pointintime;

import dev.floe.engine.SqlLiteral;
import static java.util.Objects.requireNonNull;

import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.engine.SnapshotFiles;
import dev.floe.engine.QueryExport;
import dev.floe.engine.SqlFile;
import dev.floe.engine.SqlStatement;
import dev.floe.error.InvalidInputException;
import dev.floe.features.registry.FeatureSelection;
import dev.floe.workflows.TrainingSetInput;
import dev.floe.workflows.TrainingSetPlan;
import dev.floe.workflows.TrainingSetSummary;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds point-in-time training sets: each label row gets the features of its user that were known
 * at its {@code as_of_ts} in one chosen {@code user_features} snapshot, and nothing later. All the
 * work is set-based in DuckDB: an equality join on (user, date) when the snapshot is gap-free, as
 * the featurizer writes it, else an ASOF join; ten million labels take seconds.
 */
public final class TrainingSetBuilder {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingSetBuilder.class);
  /** The columns a set adds to its labels: feature_dt and the selected features. */
  static List<String> addedColumns(PointInTimeColumns columns) {
    List<String> added = new ArrayList<>();
    added.add("feature_dt");
    added.addAll(columns.names());
    return added;
  }

  /** The snapshot choice's names in a query string and in a workflow's input. */
  public static final List<String> CHOICE_FIELDS = List.of("model", "snapshot", "known_at");

  /**
   * How a label finds its feature row. The equality join needs a gap-free snapshot and is checked
   * for one on every build; ASOF alone is for tests and benchmarks that compare the two.
   */
  enum PointInTimeJoin {
    EQUALITY_WHEN_GAP_FREE,
    ASOF
  }

  private final FloeCatalog catalog;
  private final PointInTimeJoin join;

  public TrainingSetBuilder(FloeCatalog catalog) {
    this(catalog, PointInTimeJoin.EQUALITY_WHEN_GAP_FREE);
  }

  TrainingSetBuilder(FloeCatalog catalog, PointInTimeJoin join) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.join = requireNonNull(join, "join is null");
  }

  /**
   * Checks a workflow's input and resolves its snapshot choice to one snapshot id, reading no label
   * rows: InvalidInputException or NotFoundException naming what is wrong.
   */
  public TrainingSetPlan plan(TrainingSetInput input) {
    Map<String, String> problems = input.problems();
    if (!problems.isEmpty()) {
      throw new InvalidInputException("Invalid training-set input: " + String.join("; ", problems.values()));
    }
    FeatureSnapshotChoice choice =
        FeatureSnapshotChoice.exactlyOne(input.model(), input.snapshot(), input.knownAt(), CHOICE_FIELDS);
    Duration ttl = input.ttl() == null ? null : TimeText.duration("ttl", input.ttl());
    LabelFile labels = LabelFile.of(Path.of(input.labels()));
    Path out = Path.of(input.out()).toAbsolutePath().normalize();
    QueryExport.Format.of(out);
    List<String> requested = FeatureSelection.parse("features", input.features());
    Table table = catalog.load(FloeTable.USER_FEATURES);
    FeatureSnapshots snapshots = new FeatureSnapshots(catalog);
    Snapshot snapshot = snapshots.resolve(table, choice);
    FeatureSelection selection = snapshots.selection(choice, requested, table, snapshot);
    // Recorded unless it is the default, so a plan reads in a history as it always did.
    return new TrainingSetPlan(
        labels.path().toString(), out.toString(), snapshot.snapshotId(), choice.describe(), ttl,
        selection.isDefault() ? null : String.join(",", selection.names()));
  }

  /**
   * Builds a planned set on exactly its snapshot. Temporary files an earlier, crashed attempt left
   * beside the output are removed first; the output itself is only ever replaced whole.
   */
  public TrainingSetSummary build(TrainingSetPlan plan) {
    Path out = Path.of(plan.out());
    int leftovers = QueryExport.deletePartials(out);
    if (leftovers > 0) {
      LOG.info("Removed {} temporary file(s) an interrupted build of {} left", leftovers, out);
    }
    TrainingSetRequest request =
        new TrainingSetRequest(
            Path.of(plan.labels()),
            FeatureSnapshotChoice.snapshot(plan.featureSnapshotId()),
            plan.ttl(),
            out,
            FeatureSelection.parse("features", plan.features()));
    return build(request).withSnapshotChoice(plan.snapshotChoice());
  }

  public TrainingSetSummary build(TrainingSetRequest request) {
    long started = System.nanoTime();
    LabelFile labels = LabelFile.of(request.labels());
    QueryExport.Format outputFormat = QueryExport.Format.of(request.out());
    Table table = catalog.load(FloeTable.USER_FEATURES);
    FeatureSnapshots snapshots = new FeatureSnapshots(catalog);
    Snapshot snapshot = snapshots.resolve(table, request.snapshot());
    PointInTimeColumns columns =
        new PointInTimeColumns(snapshots.selection(request.snapshot(), request.features(), table, snapshot));
    Long ttlMicros = ttlMicros(request.ttl());

    Connection connection = PointInTimeSql.open();
    try {
      LabelFile.Loaded loadedAs = labels.loadInto(connection, addedColumns(columns));
      long loaded = System.nanoTime();
      LabelSpan span = labelSpan(connection);
      FeatureFiles featureFiles = FeatureFiles.plan(table, snapshot.snapshotId(), knownBy(span.latestAsOf()));
      SnapshotFiles features = featureFiles.files();
      long planned = System.nanoTime();
      FeatureSpans.Coverage coverage =
          join == PointInTimeJoin.ASOF
              ? FeatureSpans.Coverage.uneven("the ASOF join was asked for")
              : checkGaps(connection, table, featureFiles, needsSpans(ttlMicros, outputFormat));
      if (!coverage.gapFree()) {
        LOG.info(
            "Snapshot {} is not gap-free, so the training set uses the ASOF join: {}",
            snapshot.snapshotId(), coverage.unevenness());
      }
      long checked = System.nanoTime();
      MatchCounts counts =
          writeMatched(connection, loadedAs, coverage, features, columns, ttlMicros, request.out(), outputFormat);
      double seconds = (System.nanoTime() - started) / 1e9;
      TrainingSetSummary summary =
          new TrainingSetSummary(
              request.out().toAbsolutePath().normalize().toString(),
              outputFormat.name().toLowerCase(java.util.Locale.ROOT),
              span.labels(),
              counts.withFeatures(),
              counts.expired(),
              span.labels() - counts.withFeatures() - counts.expired(),
              snapshot.snapshotId(),
              request.snapshot().describe(),
              request.ttl(),
              seconds,
              seconds > 0 ? span.labels() / seconds : 0);
      LOG.info(
          "Training set of {} rows from snapshot {} written to {} in {} s ({}; labels {} s, plan {} s,"
              + " gap check {} s, match, write and count {} s)",
          summary.rows(), summary.featureSnapshotId(), summary.out(), String.format("%.2f", seconds),
          joinUsed(coverage), formatSeconds(loaded - started), formatSeconds(planned - loaded),
          formatSeconds(checked - planned), formatSeconds(System.nanoTime() - checked));
      return summary;
    } finally {
      PointInTimeSql.closeQuietly(connection);
    }
  }

  /**
   * The gap check of {@code files}, or its verdict from an earlier build on the same files. Loads
   * {@code feature_spans} whenever the equality join will read it: always on a first check, and
   * after a remembered gap-free verdict when {@code spansNeeded} says the statements need each user's
   * first or last date.
   */
  private static FeatureSpans.Coverage checkGaps(
      Connection connection, Table table, FeatureFiles files, SpansNeeded spansNeeded) {
    GapCheckVerdicts.Key key = new GapCheckVerdicts.Key(table.uuid(), files.files().snapshotId(), files.lastDt());
    Optional<FeatureSpans.Coverage> known = GapCheckVerdicts.get(key);
    if (known.isEmpty()) {
      FeatureSpans.Coverage coverage = FeatureSpans.load(connection, files);
      GapCheckVerdicts.put(key, coverage);
      return coverage;
    }
    FeatureSpans.Coverage coverage = known.get();
    if (coverage.gapFree()
        && (spansNeeded == SpansNeeded.ALWAYS || coverage.sameLastDate().isEmpty())) {
      FeatureSpans.loadSpans(connection, files);
    }
    LOG.debug("Gap check of snapshot {} up to {}: the verdict of an earlier build", key.snapshotId(), key.lastDt());
    return coverage;
  }

  /** Whether the equality join's statements read feature_spans even when every user ends on one day. */
  private enum SpansNeeded {
    ALWAYS,
    ONLY_WITHOUT_A_COMMON_LAST_DAY
  }

  /**
   * With a TTL the written file's expired rows are counted against the spans; a CSV output is
   * counted from the labels and the spans before writing. Only a Parquet set without a TTL, where
   * every user ends on one day, needs no spans at all (see {@link #writeMatched}).
   */
  private static SpansNeeded needsSpans(Long ttlMicros, QueryExport.Format outputFormat) {
    return ttlMicros != null || outputFormat != QueryExport.Format.PARQUET
        ? SpansNeeded.ALWAYS
        : SpansNeeded.ONLY_WITHOUT_A_COMMON_LAST_DAY;
  }

  private static LabelSpan labelSpan(Connection connection) {
    return SqlStatement.of(SqlFile.load("training_labels_span").text())
        .queryOne(
            connection,
            row -> {
              OffsetDateTime latest = row.getObject("latest_as_of", OffsetDateTime.class);
              return new LabelSpan(row.getLong("labels"), latest == null ? null : latest.toInstant());
            });
  }

  /**
   * Matches every label to its features and writes the set to {@code out}: the equality join when
   * {@code coverage} is gap-free, else the ASOF join. A Parquet file written by the equality join is
   * counted in once written (cheap); otherwise the counts are taken before writing (a CSV file
   * would have to be parsed again).
   */
  private static MatchCounts writeMatched(
      Connection connection, LabelFile.Loaded labels, FeatureSpans.Coverage coverage, SnapshotFiles features,
      PointInTimeColumns columns, Long ttlMicros, Path out, QueryExport.Format outputFormat) {
    long started = System.nanoTime();
    Map<String, String> relations = columns.with(Map.of("user_features", columns.relation(features)));
    boolean countWhenWritten = coverage.gapFree() && outputFormat == QueryExport.Format.PARQUET;
    MatchCounts counts = null;
    SqlStatement rows;
    if (coverage.gapFree()) {
      if (!countWhenWritten) {
        counts =
            SqlStatement.of(SqlFile.load("training_set_counts_by_date").text(), ttlMicros, ttlMicros)
                .queryOne(connection, MatchCounts::read);
      }
      rows = rowsByDate(coverage, labels, relations, columns, ttlMicros);
    } else {
      PointInTimeSql.execute(
          connection,
          SqlStatement.of(SqlFile.load("training_set_matches").render(relations), ttlMicros, ttlMicros));
      counts = SqlStatement.of(SqlFile.load("training_set_counts").text()).queryOne(connection, MatchCounts::read);
      rows =
          SqlStatement.of(
              SqlFile.load("training_set_rows").render(columns.with(Map.of("label_columns", labels.labelColumns()))));
    }
    long matched = System.nanoTime();
    new QueryExport(rows).writeTo(connection, out);
    long written = System.nanoTime();
    if (countWhenWritten) {
      counts = countWritten(connection, out, ttlMicros);
    }
    LOG.debug("Training set {}: {} {} s, write {} s, count in the file {} s", out, joinUsed(coverage),
        formatSeconds(matched - started), formatSeconds(written - matched), formatSeconds(System.nanoTime() - written));
    return counts;
  }

  private static String joinUsed(FeatureSpans.Coverage coverage) {
    if (!coverage.gapFree()) {
      return "ASOF join";
    }
    return coverage.sameLastDate().isPresent() ? "equality join, one last day" : "equality join";
  }

  /** The equality join's statement: to the users' common last day when they share one. */
  private static SqlStatement rowsByDate(
      FeatureSpans.Coverage coverage, LabelFile.Loaded labels, Map<String, String> relations,
      PointInTimeColumns columns, Long ttl) {
    Map<String, String> parts = new HashMap<>(relations);
    parts.put("label_columns", labels.labelColumns());
    Optional<LocalDate> sameLast = coverage.sameLastDate();
    parts.put("spans_join", sameLast.isPresent() ? "" : "LEFT JOIN feature_spans s ON s.user_id = l.user_id");
    parts.put("last_dt", sameLast.isPresent() ? "CAST(? AS DATE)" : "s.last_dt");
    String sql = SqlFile.load("training_set_rows_by_date").render(parts);
    List<Object> parameters = new ArrayList<>();
    parameters.add(ttl);
    parameters.add(ttl);
    parameters.addAll(columns.ttlPerFeature(ttl));
    sameLast.ifPresent(parameters::add);
    return new SqlStatement(sql, parameters);
  }

  /** Counts a set the equality join wrote to Parquet, in the file, with feature_spans still loaded. */
  private static MatchCounts countWritten(Connection connection, Path out, Long ttlMicros) {
    Map<String, String> written = Map.of("training_set", SqlLiteral.parquetFile(out.normalize()));
    long withFeatures =
        SqlStatement.of(SqlFile.load("training_set_written_with_features").render(written))
            .queryOne(connection, row -> row.getLong("with_features"));
    if (ttlMicros == null) {
      return new MatchCounts(withFeatures, 0); // nothing expires
    }
    long expired =
        SqlStatement.of(SqlFile.load("training_set_written_expired").render(written))
            .queryOne(connection, row -> row.getLong("expired"));
    return new MatchCounts(withFeatures, expired);
  }

  private static String formatSeconds(long nanos) {
    return String.format("%.2f", nanos / 1e9);
  }

  /** What the match found besides the row count: rows with features, and matches past the TTL. */
  private record MatchCounts(long withFeatures, long expired) {
    static MatchCounts read(java.sql.ResultSet row) throws java.sql.SQLException {
      return new MatchCounts(row.getLong("with_features"), row.getLong("expired"));
    }
  }

  /** How many labels were loaded and the latest as_of_ts among them (null when there are none). */
  private record LabelSpan(long labels, Instant latestAsOf) {}

  /** The TTL in microseconds; one longer than any age a date can have keeps every match. */
  static Long ttlMicros(Duration ttl) {
    if (ttl == null) {
      return null;
    }
    return ttl.compareTo(Duration.ofDays(1_000_000)) > 0 ? Long.MAX_VALUE : ttl.toNanos() / 1_000;
  }

  /** Only dates known by the latest label can match; the rest of the snapshot is not read. */
  private static Expression knownBy(Instant latestAsOf) {
    if (latestAsOf == null) {
      return Expressions.alwaysFalse();
    }
    return Expressions.lessThanOrEqual("dt", KnownTime.latestKnownDate(latestAsOf).toString());
  }
}
