package dev.floe.pointintime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.workflows.TrainingSetSummary;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Random feature tables (gaps, users without history, a recomputation of some dates) and random
 * labels (midnights, duplicates, times before any data) against a reference written as plain loops
 * straight from the rule: a row (user, dt) is known from dt + 1 day 00:00 UTC.
 */
class PointInTimeReferenceTest {
  private static final LocalDate FIRST_DAY = LocalDate.parse("2025-08-01");
  private static final int DAYS = 30;
  private static final int USERS = 40;

  @TempDir Path dataDir;
  @TempDir Path files;

  /** What a label should get, computed by scanning every row: the latest known one, within the TTL. */
  static FeatureValue reference(List<FeatureValue> rows, long userId, Instant asOf, Duration ttl) {
    FeatureValue latest = null;
    for (FeatureValue row : rows) {
      Instant knownFrom = row.dt().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      if (row.userId() == userId && !knownFrom.isAfter(asOf) && (latest == null || row.dt().isAfter(latest.dt()))) {
        latest = row;
      }
    }
    if (latest == null || ttl == null) {
      return latest;
    }
    Instant knownFrom = latest.dt().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    return Duration.between(knownFrom, asOf).compareTo(ttl) > 0 ? null : latest;
  }

  /**
   * Gappy tables take the ASOF join, gap-free ones (as the featurizer writes them) the equality
   * join; both must give the reference's answers.
   */
  @ParameterizedTest
  @CsvSource({"1, GAPS", "2, GAPS", "3, GAPS", "4, GAPS", "5, GAP_FREE", "6, GAP_FREE", "7, GAP_FREE_ONE_LAST_DAY",
    "8, GAP_FREE_ONE_LAST_DAY"})
  void trainingSetsAndFeaturesAsOfMatchTheReference(long seed, Shape shape) throws Exception {
    Random random = new Random(seed);
    List<FeatureValue> firstCommit =
        shape == Shape.GAPS ? randomRows(random, 0, DAYS) : gapFreeRows(random, shape == Shape.GAP_FREE_ONE_LAST_DAY);
    // A recomputation: a few dates replaced wholesale, with new values and, if gappy, fewer users.
    Set<LocalDate> recomputed = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      recomputed.add(FIRST_DAY.plusDays(random.nextInt(DAYS)));
    }
    List<FeatureValue> recomputation =
        shape == Shape.GAPS
            ? randomRows(random, 0, DAYS)
            : firstCommit.stream()
                .map(r -> new FeatureValue(r.userId(), r.dt(), BigDecimal.valueOf(random.nextInt(100_000), 2)))
                .toList();
    List<FeatureValue> secondCommit = recomputation.stream().filter(r -> recomputed.contains(r.dt())).toList();
    List<FeatureValue> current = new ArrayList<>(secondCommit);
    firstCommit.stream().filter(r -> !recomputed.contains(r.dt())).forEach(current::add);

    try (FloeCatalog catalog = FloeCatalog.open(dataDir)) {
      FeatureTableFixture fixture = new FeatureTableFixture(catalog);
      Snapshot first = fixture.append(firstCommit);
      Thread.sleep(5);
      fixture.replaceDates(secondCommit);
      for (Long snapshotId : java.util.Arrays.asList(first.snapshotId(), null)) {
        FeatureSpans.Coverage coverage = coverage(catalog, snapshotId);
        assertThat(coverage.gapFree()).isEqualTo(shape != Shape.GAPS);
        assertThat(coverage.sameLastDate().isPresent()).isEqualTo(shape == Shape.GAP_FREE_ONE_LAST_DAY);
      }

      int labelCount = 1500;
      List<long[]> labels = new ArrayList<>();
      StringBuilder csv = new StringBuilder("label_id,user_id,label,as_of_ts\n");
      for (int i = 0; i < labelCount; i++) {
        long user = random.nextInt(USERS + 5);
        Instant asOf = randomInstant(random);
        if (i > 0 && random.nextInt(10) == 0) {
          long[] copy = labels.get(random.nextInt(labels.size()));
          user = copy[0];
          asOf = Instant.ofEpochSecond(0, copy[1]);
        }
        labels.add(new long[] {user, asOf.getEpochSecond() * 1_000_000_000L + asOf.getNano()});
        csv.append(i).append(',').append(user).append(',').append(random.nextInt(2)).append(',').append(asOf).append('\n');
      }
      Path labelFile = files.resolve("labels.csv");
      Files.writeString(labelFile, csv);
      Duration ttl = List.of(Duration.ofDays(1), Duration.ofHours(36), Duration.ofDays(3)).get(random.nextInt(3));

      TrainingSetBuilder builder = new TrainingSetBuilder(catalog);
      for (Duration chosenTtl : java.util.Arrays.asList(null, ttl)) {
        for (boolean asThen : List.of(false, true)) {
          List<FeatureValue> rows = asThen ? firstCommit : current;
          FeatureSnapshotChoice choice =
              asThen ? FeatureSnapshotChoice.knownAt(Instant.ofEpochMilli(first.timestampMillis() + 1)) : FeatureSnapshotChoice.current();
          Path out = files.resolve("out-" + asThen + "-" + chosenTtl + ".parquet");
          TrainingSetSummary summary = builder.build(new TrainingSetRequest(labelFile, choice, chosenTtl, out));
          List<Map<String, Object>> output = OutputRows.read(out);
          assertThat(output).hasSize(labelCount);
          long withFeatures = 0;
          for (int i = 0; i < labelCount; i++) {
            long[] label = labels.get(i);
            Instant asOf = Instant.ofEpochSecond(0, label[1]);
            FeatureValue expected = reference(rows, label[0], asOf, chosenTtl);
            Map<String, Object> actual = output.get(i);
            assertThat(((Number) actual.get("label_id")).longValue()).isEqualTo(i);
            assertThat(actual.get("as_of_ts")).isEqualTo(asOf);
            String context = "label " + i + " user " + label[0] + " at " + asOf + " ttl " + chosenTtl;
            if (expected == null) {
              assertThat(actual.get("feature_dt")).as(context).isNull();
              assertThat(actual.get("spending_mean_7d")).as(context).isNull();
            } else {
              withFeatures++;
              assertThat(actual.get("feature_dt").toString()).as(context).isEqualTo(expected.dt().toString());
              assertThat((BigDecimal) actual.get("spending_mean_7d")).as(context).isEqualByComparingTo(expected.spendingMean7d());
            }
          }
          assertThat(summary.rowsWithFeatures()).isEqualTo(withFeatures);
        }
      }

      OfflineFeatures offline = new OfflineFeatures(catalog);
      for (int i = 0; i < 5; i++) {
        Instant at = randomInstant(random);
        FeaturesAsOf asOf = offline.asOf(at, FeatureSnapshotChoice.current());
        List<FeatureValue> expected = new ArrayList<>();
        for (long user = 0; user < USERS + 5; user++) {
          FeatureValue value = reference(current, user, at, null);
          if (value != null) {
            expected.add(value);
          }
        }
        assertThat(asOf.features()).as("features as of " + at)
            .usingRecursiveFieldByFieldElementComparator(
                org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration.builder()
                    .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                    .build())
            .containsExactlyElementsOf(expected);
        long user = random.nextInt(USERS + 5);
        OfflineLookup lookup = offline.lookup(user, at, FeatureSnapshotChoice.current());
        FeatureValue single = reference(current, user, at, null);
        assertThat(lookup.dt()).isEqualTo(single == null ? null : single.dt());
      }
    }
  }

  enum Shape {
    GAPS,
    GAP_FREE,
    /** Gap-free and every user up to the last day, as the featurizer writes. */
    GAP_FREE_ONE_LAST_DAY
  }

  private static FeatureSpans.Coverage coverage(FloeCatalog catalog, Long snapshotId) throws Exception {
    Table table = catalog.load(FloeTable.USER_FEATURES);
    try (Connection connection = PointInTimeSql.open()) {
      long id = snapshotId != null ? snapshotId : table.currentSnapshot().snapshotId();
      return FeatureSpans.load(connection, FeatureFiles.plan(table, id, Expressions.alwaysTrue()));
    }
  }

  /**
   * Each user one row a day from a random first day to a random last one, or to the last day of
   * all; some users with none.
   */
  private static List<FeatureValue> gapFreeRows(Random random, boolean toTheLastDay) {
    List<FeatureValue> rows = new ArrayList<>();
    for (long user = 0; user < USERS; user++) {
      if (random.nextInt(5) == 0) {
        continue;
      }
      int first = random.nextInt(DAYS);
      int last = toTheLastDay ? DAYS - 1 : first + random.nextInt(DAYS - first);
      for (int day = first; day <= last; day++) {
        rows.add(new FeatureValue(user, FIRST_DAY.plusDays(day), BigDecimal.valueOf(random.nextInt(100_000), 2)));
      }
    }
    return rows;
  }

  /** Rows for random users on random days in [from, to): gaps, and some users with none. */
  private static List<FeatureValue> randomRows(Random random, int from, int to) {
    List<FeatureValue> rows = new ArrayList<>();
    for (long user = 0; user < USERS; user++) {
      int density = random.nextInt(4); // 0: no history at all
      for (int day = from; day < to; day++) {
        if (density > 0 && random.nextInt(4) < density) {
          rows.add(
              new FeatureValue(
                  user, FIRST_DAY.plusDays(day), BigDecimal.valueOf(random.nextInt(100_000), 2)));
        }
      }
    }
    return rows;
  }

  /** Instants around the data: before it, at exact midnights, a microsecond either side, and after. */
  private static Instant randomInstant(Random random) {
    Instant midnight = FIRST_DAY.minusDays(2).plusDays(random.nextInt(DAYS + 6)).atStartOfDay(ZoneOffset.UTC).toInstant();
    return switch (random.nextInt(4)) {
      case 0 -> midnight;
      case 1 -> midnight.minusNanos(1_000);
      case 2 -> midnight.plusNanos(1_000);
      default -> midnight.plusSeconds(random.nextInt(86_400));
    };
  }
}
