package dev.floe.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.error.InvalidInputException;
import dev.floe.testing.RawEvents;
import dev.floe.testing.RawEvents.Row;
import dev.floe.workflows.AnomalyOutcome;
import dev.floe.workflows.AnomalySpec;
import dev.floe.workflows.GenerateRequest;
import dev.floe.workflows.GenerateResult;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventGeneratorTest {
  private static final LocalDate END = LocalDate.parse("2025-09-17");

  @TempDir Path dataDir;

  @Test
  void sameSeedAndParametersGiveIdenticalRowsAndAnotherSeedDoesNot() {
    List<Row> first = generateFresh("a", request(42, 300, 2_000, 30, 1, List.of()));
    List<Row> again = generateFresh("b", request(42, 300, 2_000, 30, 1, List.of()));
    List<Row> otherSeed = generateFresh("c", request(43, 300, 2_000, 30, 1, List.of()));

    assertThat(again).isEqualTo(first);
    assertThat(otherSeed).hasSameSizeAs(first);
    long sameAmounts =
        LongStream.range(0, first.size())
            .filter(i -> first.get((int) i).amount().equals(otherSeed.get((int) i).amount()))
            .count();
    assertThat(sameAmounts).isLessThan(first.size() / 20);
  }

  @Test
  void rowsDoNotDependOnTheBatchSplit() {
    List<Row> oneBatch = generateFresh("one", request(7, 200, 1_001, 10, 1, List.of()));
    List<Row> fourBatches = generateFresh("four", request(7, 200, 1_001, 10, 4, List.of()));
    assertThat(fourBatches).isEqualTo(oneBatch);
  }

  @Test
  void amountsUsersVendorsAndTimesFollowTheDesignedDistributions() {
    try (FloeCatalog catalog = FloeCatalog.open(dataDir)) {
      new EventGenerator(catalog)
          .generate(request(2025, 100, 200_000, 30, 2, List.of()), lineage("dist"));
      List<Object> stats =
          RawEvents.aggregate(
                  catalog,
                  "SELECT count(*), avg(ln(amount::DOUBLE)), stddev_pop(ln(amount::DOUBLE)),"
                      + " median(amount::DOUBLE), avg(amount::DOUBLE), min(amount), min(user_id),"
                      + " max(user_id), count(DISTINCT user_id), min(vendor_id), max(vendor_id),"
                      + " count(DISTINCT vendor_id), CAST(min(event_timestamp::DATE) AS VARCHAR),"
                      + " CAST(max(event_timestamp::DATE) AS VARCHAR), count(DISTINCT"
                      + " event_timestamp::DATE), count(DISTINCT hour(event_timestamp)),"
                      + " avg(epoch(event_timestamp) % 86400) FROM raw_events")
              .get(0);
      assertThat(((Number) stats.get(0)).longValue()).isEqualTo(200_000);
      // ln(amount) is N(3.0, 0.75) apart from the 0.5 floor (about 1e-7 of the mass) and cent
      // rounding.
      assertThat(((Number) stats.get(1)).doubleValue()).isCloseTo(3.0, within(0.01));
      assertThat(((Number) stats.get(2)).doubleValue()).isCloseTo(0.75, within(0.01));
      assertThat(((Number) stats.get(3)).doubleValue()).isCloseTo(Math.exp(3.0), within(0.4));
      assertThat(((Number) stats.get(4)).doubleValue())
          .isCloseTo(Math.exp(3.0 + 0.75 * 0.75 / 2), within(0.4));
      assertThat((BigDecimal) stats.get(5)).isGreaterThanOrEqualTo(new BigDecimal("0.50"));
      assertThat(((Number) stats.get(6)).longValue()).isZero();
      assertThat(((Number) stats.get(7)).longValue()).isEqualTo(99);
      assertThat(((Number) stats.get(8)).longValue()).isEqualTo(100);
      assertThat(((Number) stats.get(9)).longValue()).isEqualTo(1);
      assertThat(((Number) stats.get(10)).longValue()).isEqualTo(1000);
      assertThat(((Number) stats.get(11)).longValue()).isEqualTo(1000);
      assertThat(stats.get(12)).isEqualTo("2025-08-19");
      assertThat(stats.get(13)).isEqualTo("2025-09-17");
      assertThat(((Number) stats.get(14)).longValue()).isEqualTo(30);
      assertThat(((Number) stats.get(15)).longValue()).isEqualTo(24);
      assertThat(((Number) stats.get(16)).doubleValue()).isCloseTo(43_200, within(400.0));
    }
  }

  @Test
  void idsAreUniqueAcrossBatchesAndAcrossGenerateCalls() {
    try (FloeCatalog catalog = FloeCatalog.open(dataDir)) {
      EventGenerator generator = new EventGenerator(catalog);
      GenerateResult first =
          generator.generate(request(1, 50, 1_000, 10, 3, List.of()), lineage("first"));
      GenerateResult second =
          generator.generate(request(1, 50, 500, 10, 2, List.of()), lineage("second"));

      List<Row> rows = RawEvents.current(catalog);
      assertThat(rows).hasSize(1_500);
      assertThat(rows.stream().map(Row::id).collect(Collectors.toSet())).hasSize(1_500);
      assertThat(rows.get(0).id()).isEqualTo(1);
      assertThat(rows.get(rows.size() - 1).id()).isEqualTo(1_500);
      assertThat(first.rows()).isEqualTo(1_000);
      assertThat(second.rows()).isEqualTo(500);
    }
  }

  @Test
  void eachBatchIsOneCommitCarryingLineageAndRowCount() {
    try (FloeCatalog catalog = FloeCatalog.open(dataDir)) {
      CommitLineage lineage = new CommitLineage("wf-7", "run-7", "generate");
      GenerateResult result =
          new EventGenerator(catalog).generate(request(3, 20, 1_000, 5, 3, List.of()), lineage);

      Table table = catalog.load(FloeTable.RAW_EVENTS);
      assertThat(result.batchSnapshotIds()).hasSize(3).doesNotHaveDuplicates();
      assertThat(result.snapshotId()).isEqualTo(result.batchSnapshotIds().get(2));
      assertThat(table.currentSnapshot().snapshotId()).isEqualTo(result.snapshotId());
      long rows = 0;
      for (int i = 0; i < 3; i++) {
        Map<String, String> summary = table.snapshot(result.batchSnapshotIds().get(i)).summary();
        assertThat(summary)
            .containsEntry(CommitLineage.WORKFLOW_ID, "wf-7")
            .containsEntry(CommitLineage.RUN_ID, "run-7")
            .containsEntry(CommitLineage.STEP, "generate")
            .containsEntry(EventGenerator.BATCH, (i + 1) + "/3");
        assertThat(summary.get(CommitLineage.ROWS)).isEqualTo(summary.get("added-records"));
        rows += Long.parseLong(summary.get(CommitLineage.ROWS));
      }
      assertThat(rows).isEqualTo(1_000);
    }
  }

  @Test
  void aRetryWithTheSameLineageCommitsNothingTwice() {
    try (FloeCatalog catalog = FloeCatalog.open(dataDir)) {
      EventGenerator generator = new EventGenerator(catalog);
      CommitLineage lineage = lineage("retry");
      GenerateRequest request =
          request(5, 20, 900, 5, 3, List.of(new AnomalySpec(3, 2, 4.0, 0.5, 2)));
      GenerateResult first = generator.generate(request, lineage);
      GenerateResult retried = generator.generate(request, lineage);

      assertThat(retried).isEqualTo(first);
      assertThat(catalog.load(FloeTable.RAW_EVENTS).snapshots()).hasSize(3);
      assertThat(RawEvents.current(catalog)).hasSize((int) first.rows());
    }
  }

  @Test
  void aRetryAfterACrashBetweenBatchesCommitsOnlyTheMissingBatchesWithTheSameIds() {
    GenerateRequest request =
        request(11, 30, 1_200, 6, 4, List.of(new AnomalySpec(4, 1, 3.0, 0.5, null)));
    List<Row> clean = generateFresh("clean", request);
    try (FloeCatalog catalog = FloeCatalog.open(dataDir.resolve("crashed"))) {
      EventGenerator generator = new EventGenerator(catalog);
      CommitLineage lineage = lineage("crash");
      GenerateResult complete = generator.generate(request, lineage);
      // The state a worker killed after batch 2 leaves: only batches 1 and 2 are in the table.
      Table table = catalog.load(FloeTable.RAW_EVENTS);
      table.manageSnapshots().rollbackTo(complete.batchSnapshotIds().get(1)).commit();

      GenerateResult retried = generator.generate(request, lineage);

      assertThat(retried.batchSnapshotIds().subList(0, 2))
          .isEqualTo(complete.batchSnapshotIds().subList(0, 2));
      assertThat(retried.batchSnapshotIds().subList(2, 4))
          .doesNotContainAnyElementsOf(complete.batchSnapshotIds());
      assertThat(retried.anomalies()).isEqualTo(complete.anomalies());
      assertThat(RawEvents.current(catalog)).isEqualTo(clean);
    }
  }

  @Test
  void anotherRunWhileACrashedRunIsUnfinishedDoesNotTakeItsIds() {
    try (FloeCatalog catalog = FloeCatalog.open(dataDir)) {
      EventGenerator generator = new EventGenerator(catalog);
      GenerateRequest crashedRequest = request(11, 30, 1_200, 6, 4, List.of());
      CommitLineage crashed = lineage("crashed");
      GenerateResult complete = generator.generate(crashedRequest, crashed);
      catalog
          .load(FloeTable.RAW_EVENTS)
          .manageSnapshots()
          .rollbackTo(complete.batchSnapshotIds().get(1))
          .commit();

      generator.generate(request(12, 30, 100, 6, 1, List.of()), lineage("other"));
      generator.generate(crashedRequest, crashed);

      List<Row> rows = RawEvents.current(catalog);
      assertThat(rows).hasSize(1_300);
      assertThat(rows.stream().map(Row::id).distinct()).hasSize(1_300);
      assertThat(rows.get(rows.size() - 1).id()).isEqualTo(1_300);
    }
  }

  @Test
  void zeroEventsCommitsAnEmptySnapshot() {
    GenerateResult result = generateFreshResult("nothing", request(1, 10, 0, 3, 1, List.of()));
    assertThat(result.rows()).isZero();
    assertThat(result.batchSnapshotIds()).containsExactly(result.snapshotId());
    assertThat(rowsOf("nothing")).isEmpty();
  }

  @Test
  void anomalyWithNMultipliesTheLowestIdEventsOfThatUserAndDay() {
    GenerateRequest plain = request(9, 20, 2_000, 10, 2, List.of());
    List<Row> baseline = generateFresh("baseline", plain);
    Map.Entry<List<Object>, List<Row>> busiest =
        eventsByUserAndDate(baseline).entrySet().stream()
            .filter(e -> e.getValue().size() >= 3)
            .findFirst()
            .orElseThrow();
    long user = (Long) busiest.getKey().get(0);
    LocalDate date = LocalDate.parse((String) busiest.getKey().get(1));
    int day = (int) (date.toEpochDay() - END.minusDays(9).toEpochDay());

    GenerateResult result =
        generateFreshResult(
            "anomalous", requestWith(plain, new AnomalySpec(user, day, 2.5, 0.5, 2)));
    List<Row> anomalous = rowsOf("anomalous");

    assertThat(result.anomalies())
        .containsExactly(new AnomalyOutcome(user, day, date, 2.5, busiest.getValue().size(), 2, 0));
    Set<Long> chosen =
        busiest.getValue().stream().map(Row::id).sorted().limit(2).collect(Collectors.toSet());
    assertThat(anomalous).hasSameSizeAs(baseline);
    for (int i = 0; i < baseline.size(); i++) {
      Row before = baseline.get(i);
      Row after = anomalous.get(i);
      BigDecimal expected =
          chosen.contains(before.id())
              ? before.amount().multiply(new BigDecimal("2.5")).setScale(2, RoundingMode.HALF_UP)
              : before.amount();
      assertThat(after.amount()).as("amount of id %s", before.id()).isEqualByComparingTo(expected);
      assertThat(after.userId()).isEqualTo(before.userId());
      assertThat(after.eventTimestamp()).isEqualTo(before.eventTimestamp());
    }
  }

  @Test
  void proportionRoundsHalfUpOnTheEventsThatDay() {
    GenerateRequest plain = request(21, 10, 3_000, 10, 1, List.of());
    List<Row> baseline = generateFresh("baseline", plain);
    // An odd count c makes 0.5 * c end in .5, which must round up: k = (c + 1) / 2.
    Map.Entry<List<Object>, List<Row>> odd =
        eventsByUserAndDate(baseline).entrySet().stream()
            .filter(e -> e.getValue().size() % 2 == 1 && e.getValue().size() >= 3)
            .findFirst()
            .orElseThrow();
    long user = (Long) odd.getKey().get(0);
    int day =
        (int)
            (LocalDate.parse((String) odd.getKey().get(1)).toEpochDay()
                - END.minusDays(9).toEpochDay());
    int count = odd.getValue().size();

    GenerateResult result =
        generateFreshResult(
            "half", requestWith(plain, new AnomalySpec(user, day, 10.0, 0.5, null)));

    assertThat(result.anomalies())
        .singleElement()
        .satisfies(
            outcome -> {
              assertThat(outcome.eventsThatDay()).isEqualTo(count);
              assertThat(outcome.multiplied()).isEqualTo((count + 1) / 2);
              assertThat(outcome.added()).isZero();
            });
  }

  @Test
  void aUserWithNoEventThatDayGetsNewEventsOnThatDay() {
    GenerateRequest plain = request(17, 500, 1_000, 10, 2, List.of());
    List<Row> baseline = generateFresh("baseline", plain);
    Set<Long> usersOnFirstDay =
        baseline.stream()
            .filter(r -> r.eventDate().equals(END.minusDays(9).toString()))
            .map(Row::userId)
            .collect(Collectors.toCollection(HashSet::new));
    long quiet =
        LongStream.range(0, 500)
            .filter(u -> !usersOnFirstDay.contains(u))
            .findFirst()
            .orElseThrow();

    GenerateResult result =
        generateFreshResult(
            "added",
            requestWith(
                plain,
                new AnomalySpec(quiet, 0, 5.0, 0.5, null),
                new AnomalySpec(quiet, 0, 5.0, 0.5, 3)));
    List<Row> rows = rowsOf("added");

    assertThat(result.anomalies())
        .extracting(AnomalyOutcome::multiplied, AnomalyOutcome::added)
        .containsExactly(tuple(0, 1), tuple(0, 3));
    assertThat(result.rows()).isEqualTo(1_004);
    assertThat(rows).hasSize(1_004);
    assertThat(rows.subList(0, 1_000)).isEqualTo(baseline);
    assertThat(rows.subList(1_000, 1_004))
        .allSatisfy(
            row -> {
              assertThat(row.userId()).isEqualTo(quiet);
              assertThat(row.eventDate()).isEqualTo(END.minusDays(9).toString());
              assertThat(row.amount()).isGreaterThanOrEqualTo(new BigDecimal("2.50"));
            });
    assertThat(rows.get(1_003).id()).isEqualTo(1_004);
  }

  @Test
  void zeroEventsWithAnAnomalyCommitsOnlyTheAddedEvents() {
    GenerateResult result =
        generateFreshResult(
            "empty", request(1, 10, 0, 3, 1, List.of(new AnomalySpec(2, 1, 5.0, 0.5, 2))));
    assertThat(result.rows()).isEqualTo(2);
    assertThat(rowsOf("empty"))
        .extracting(Row::userId, Row::eventDate)
        .containsOnly(tuple(2L, END.minusDays(1).toString()));
  }

  @Test
  void invalidRequestsNameTheFieldAndCommitNothing() {
    try (FloeCatalog catalog = FloeCatalog.open(dataDir)) {
      EventGenerator generator = new EventGenerator(catalog);
      assertInvalid(
          generator, request(1, 0, 10, 5, 1, List.of()), "users must be at least 1, got 0");
      assertInvalid(
          generator, request(1, 10, -1, 5, 1, List.of()), "events must be 0 or more, got -1");
      assertInvalid(
          generator, request(1, 10, 10, 0, 1, List.of()), "days must be at least 1, got 0");
      assertInvalid(
          generator, request(1, 10, 10, 5, 0, List.of()), "batches must be between 1 and");
      assertInvalid(
          generator,
          request(1, 10, 10, 5, 11, List.of()),
          "batches must be between 1 and the number of events (10), got 11");
      assertInvalid(
          generator,
          request(1, 10, 10, 5, 1, List.of(new AnomalySpec(1, 5, 5.0, 0.5, null))),
          "anomalies[1] (user_id 1, day 5): day must be within the window of 5 days (0 to 4), got"
              + " 5");
      assertInvalid(
          generator,
          request(1, 10, 10, 5, 1, List.of(new AnomalySpec(1, 1, 0.0, 0.5, null))),
          "anomalies[1] (user_id 1, day 1): multiplier must be greater than 0");
      assertThat(catalog.exists(FloeTable.RAW_EVENTS)).isFalse();
    }
  }

  private static void assertInvalid(
      EventGenerator generator, GenerateRequest request, String message) {
    assertThatThrownBy(() -> generator.generate(request, CommitLineage.direct("generate")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(message);
  }

  private static Map<List<Object>, List<Row>> eventsByUserAndDate(List<Row> rows) {
    return rows.stream()
        .collect(
            Collectors.groupingBy(
                r -> List.<Object>of(r.userId(), r.eventDate()),
                LinkedHashMap::new,
                Collectors.toList()));
  }

  private List<Row> generateFresh(String name, GenerateRequest request) {
    generateFreshResult(name, request);
    return rowsOf(name);
  }

  private GenerateResult generateFreshResult(String name, GenerateRequest request) {
    try (FloeCatalog catalog = FloeCatalog.open(dataDir.resolve(name))) {
      return new EventGenerator(catalog).generate(request, lineage(name));
    }
  }

  private List<Row> rowsOf(String name) {
    try (FloeCatalog catalog = FloeCatalog.open(dataDir.resolve(name))) {
      return RawEvents.current(catalog);
    }
  }

  private static GenerateRequest request(
      long seed, int users, long events, int days, int batches, List<AnomalySpec> anomalies) {
    return new GenerateRequest(users, events, days, END, seed, batches, anomalies);
  }

  private static GenerateRequest requestWith(GenerateRequest request, AnomalySpec... specs) {
    return new GenerateRequest(
        request.users(),
        request.events(),
        request.days(),
        request.endDate(),
        request.seed(),
        request.batches(),
        List.of(specs));
  }

  private static CommitLineage lineage(String run) {
    return new CommitLineage("test", run, "generate");
  }
}
