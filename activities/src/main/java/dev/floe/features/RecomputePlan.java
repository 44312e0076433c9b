package dev.floe.features;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.CommitLineage;
import dev.floe.engine.SnapshotFiles;
import dev.floe.engine.SqlFile;
import dev.floe.error.NotFoundException;
import dev.floe.error.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;

/**
 * The user_features dates one featurize run computes, and what it reads to compute them.
 *
 * <p>{@link Scope#ALL} recomputes every date from a raw snapshot and replaces the whole feature
 * table. {@link Scope#DATES} recomputes only the dates whose windows saw events appended since
 * the current features were built, plus the dates those appends added, and replaces just those
 * partitions: how far an appended event reaches is the features' {@link FeatureReach}.
 */
record RecomputePlan(
    Scope scope, List<DateRange> ranges, SnapshotFiles rawEvents, String earlierFeatures) {

  enum Scope {
    /** Every date, replacing the whole table (dates that no longer exist are dropped). */
    ALL,
    /** Only the dates of {@link #ranges()}, replacing their partitions. */
    DATES
  }

  RecomputePlan {
    requireNonNull(scope, "scope is null");
    ranges = List.copyOf(ranges);
    requireNonNull(rawEvents, "rawEvents is null");
    requireNonNull(earlierFeatures, "earlierFeatures is null");
  }

  boolean isEmpty() {
    return ranges.isEmpty();
  }

  int dates() {
    return ranges.stream().mapToInt(DateRange::days).sum();
  }

  Optional<LocalDate> firstDate() {
    return ranges.isEmpty() ? Optional.empty() : Optional.of(ranges.get(0).start());
  }

  Optional<LocalDate> lastDate() {
    return ranges.isEmpty() ? Optional.empty() : Optional.of(ranges.get(ranges.size() - 1).end());
  }

  /** Plans recomputing every date of raw_events snapshot {@code rawSnapshotId}. */
  static RecomputePlan planAll(Table raw, long rawSnapshotId, Table features) {
    List<RawEventFile> rawFiles = RawEventFile.inSnapshot(raw, rawSnapshotId);
    if (rawFiles.isEmpty()) {
      throw new NotFoundException(
          "Snapshot " + rawSnapshotId + " of raw_events holds no events: nothing to featurize");
    }
    return all(raw, rawSnapshotId, features, rawFiles);
  }

  private static RecomputePlan all(
      Table raw, long rawSnapshotId, Table features, List<RawEventFile> rawFiles) {
    LocalDate first = rawFiles.stream().map(RawEventFile::day).min(Comparator.naturalOrder()).get();
    LocalDate last = rawFiles.stream().map(RawEventFile::day).max(Comparator.naturalOrder()).get();
    return new RecomputePlan(
        Scope.ALL,
        List.of(new DateRange(first, last)),
        new SnapshotFiles(raw.schema(), rawSnapshotId, paths(rawFiles)),
        new SnapshotFiles(features.schema(), null, List.of()).relation());
  }

  /**
   * Plans the run that brings {@code features} (currently at {@code base}, null when it has no
   * snapshot) to the features of raw_events snapshot {@code rawSnapshotId}, for features of the
   * given reach computed by the same statement as {@code base} was.
   */
  static RecomputePlan plan(
      Connection duck,
      Table raw,
      long rawSnapshotId,
      Table features,
      Snapshot base,
      FeatureReach reach) {
    List<RawEventFile> rawFiles = RawEventFile.inSnapshot(raw, rawSnapshotId);
    if (rawFiles.isEmpty()) {
      throw new NotFoundException(
          "Snapshot " + rawSnapshotId + " of raw_events holds no events: nothing to featurize");
    }
    LocalDate last = rawFiles.stream().map(RawEventFile::day).max(Comparator.naturalOrder()).get();
    Optional<Long> builtFrom = base == null ? Optional.empty() : rawSnapshotIdOf(base);
    Optional<List<RawEventFile>> appended =
        builtFrom.flatMap(older -> RawEventFile.appendedBetween(raw, older, rawSnapshotId));
    if (appended.isEmpty()) {
      return all(raw, rawSnapshotId, features, rawFiles);
    }
    LocalDate previousLast =
        RawEventFile.inSnapshot(raw, builtFrom.get()).stream()
            .map(RawEventFile::day)
            .max(Comparator.naturalOrder())
            .orElseThrow(
                () -> new IllegalStateException("Features were built from an empty raw snapshot"));
    SortedSet<LocalDate> dates = new TreeSet<>();
    for (RawEventFile file : appended.get()) {
      addDates(dates, file.day(), min(file.day().plusDays(reach.daysBefore()), last));
    }
    addDates(dates, previousLast.plusDays(1), last);
    if (appended.get().stream()
        .anyMatch(file -> file.day().plusDays(reach.windowDays()).compareTo(last) <= 0)) {
      dates.addAll(
          datesOfEarlierFirstEvents(
              duck, raw, rawSnapshotId, appended.get(), features, base, previousLast, last, reach));
    }
    List<DateRange> ranges = DateRange.covering(dates);
    String earlierFeatures =
        reach.firstEventDateMatters()
            ? firstEventDates(new SnapshotFiles(raw.schema(), rawSnapshotId, paths(rawFiles)))
            : earlierFeatures(features, base, ranges, previousLast, reach);
    return new RecomputePlan(
        Scope.DATES,
        ranges,
        new SnapshotFiles(raw.schema(), rawSnapshotId, paths(inWindows(rawFiles, ranges, reach))),
        earlierFeatures);
  }

  /**
   * Each user's first event date in {@code rawEvents}, as the rows (user_id, dt) a feature
   * statement takes for its earlier features: exact, where a feature row only proves a first event
   * on or before its date, so that days since the first event come out right from any dates' events.
   */
  static String firstEventDates(SnapshotFiles rawEvents) {
    // One line without its comments: a feature statement names its inputs inside comments too.
    return SqlFile.load("backfill_first_days")
        .render(Map.of("raw_events", rawEvents.relation()))
        .lines()
        .filter(line -> !line.strip().startsWith("--"))
        .collect(Collectors.joining(" ", "(", ")"));
  }

  /** The raw_events snapshot a user_features snapshot was computed from, if Floe recorded it. */
  static Optional<Long> rawSnapshotIdOf(Snapshot featureSnapshot) {
    String value = featureSnapshot.summary().get(CommitLineage.RAW_SNAPSHOT_ID);
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(value));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Dates on which users gain rows because appended events moved their first event date back by
   * more than the appended events' own windows cover, or, when values depend on the first event
   * date, every later date of those users (see the SQL file).
   */
  private static SortedSet<LocalDate> datesOfEarlierFirstEvents(
      Connection duck,
      Table raw,
      long rawSnapshotId,
      List<RawEventFile> appended,
      Table features,
      Snapshot base,
      LocalDate previousLast,
      LocalDate last,
      FeatureReach reach) {
    LocalDate firstAppended =
        appended.stream().map(RawEventFile::day).min(Comparator.naturalOrder()).get();
    SnapshotFiles known =
        SnapshotFiles.of(
            features,
            base.snapshotId(),
            Expressions.greaterThanOrEqual("dt", min(firstAppended, previousLast).toString()));
    String sql =
        SqlFile.load("feature_dates_of_earlier_first_events")
            .render(
                Map.of(
                    "added_events",
                        new SnapshotFiles(raw.schema(), rawSnapshotId, paths(appended)).relation(),
                    "features", known.relation()));
    SortedSet<LocalDate> dates = new TreeSet<>();
    try (PreparedStatement statement = duck.prepareStatement(sql)) {
      statement.setInt(1, reach.windowDays());
      statement.setBoolean(2, reach.firstEventDateMatters());
      statement.setString(3, last.toString());
      try (ResultSet spans = statement.executeQuery()) {
        while (spans.next()) {
          addDates(dates, LocalDate.parse(spans.getString(1)), LocalDate.parse(spans.getString(2)));
        }
      }
    } catch (SQLException e) {
      throw new StorageException("Cannot find users whose first event moved: " + e.getMessage(), e);
    }
    return dates;
  }

  /** Raw files whose events fall in some range's windows: all its dates need to read. */
  private static List<RawEventFile> inWindows(
      List<RawEventFile> files, List<DateRange> ranges, FeatureReach reach) {
    return files.stream()
        .filter(
            file ->
                ranges.stream()
                    .anyMatch(
                        range ->
                            !file.day().isBefore(range.start().minusDays(reach.daysBefore()))
                                && !file.day().isAfter(range.end())))
        .toList();
  }

  /**
   * For each range, the feature rows of the day before its first window (or of the last feature
   * date, if that is earlier): a user has rows on every date from their first event on, so a row
   * there proves a first event older than any event the range reads.
   */
  private static String earlierFeatures(
      Table features,
      Snapshot base,
      List<DateRange> ranges,
      LocalDate previousLast,
      FeatureReach reach) {
    List<String> dates =
        ranges.stream()
            .map(
                range ->
                    min(range.start().minusDays(reach.windowDays()), previousLast).toString())
            .distinct()
            .toList();
    return SnapshotFiles.of(features, base.snapshotId(), Expressions.in("dt", dates)).relation();
  }

  private static void addDates(SortedSet<LocalDate> dates, LocalDate from, LocalDate to) {
    for (LocalDate date = from; !date.isAfter(to); date = date.plusDays(1)) {
      dates.add(date);
    }
  }

  private static LocalDate min(LocalDate a, LocalDate b) {
    return a.isBefore(b) ? a : b;
  }

  private static List<String> paths(List<RawEventFile> files) {
    return files.stream().map(RawEventFile::path).toList();
  }
}
