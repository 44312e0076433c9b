package dev.floe.pointintime;

import static dev.floe.pointintime.FeatureTableFixture.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.error.InvalidInputException;
import dev.floe.error.NotFoundException;
import dev.floe.workflows.TrainingSetSummary;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingSetBuilderTest {
  @TempDir Path dataDir;
  @TempDir Path files;

  private FloeCatalog catalog;
  private FeatureTableFixture features;
  private TrainingSetBuilder builder;

  @BeforeEach
  void openCatalog() {
    catalog = FloeCatalog.open(dataDir);
    features = new FeatureTableFixture(catalog);
    builder = new TrainingSetBuilder(catalog);
  }

  @AfterEach
  void closeCatalog() {
    catalog.close();
  }

  private void fourDaysOfUserOne() {
    features.append(
        List.of(
            row(1, "2025-09-14", "1.00"),
            row(1, "2025-09-15", "2.00"),
            row(1, "2025-09-16", "3.00"),
            row(1, "2025-09-17", "4.00"),
            row(2, "2025-09-16", "9.50")));
  }

  private Path labels(String... lines) throws Exception {
    Path file = files.resolve("labels-" + System.nanoTime() + ".csv");
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  private List<Map<String, Object>> build(Path labels, Duration ttl) {
    Path out = files.resolve("out-" + System.nanoTime() + ".parquet");
    builder.build(new TrainingSetRequest(labels, FeatureSnapshotChoice.current(), ttl, out));
    return OutputRows.read(out);
  }

  private static String dt(Map<String, Object> row) {
    Object value = row.get("feature_dt");
    return value == null ? null : value.toString();
  }

  private static BigDecimal value(Map<String, Object> row) {
    Object value = row.get("spending_mean_7d");
    return value == null ? null : new BigDecimal(value.toString());
  }

  @Test
  void aLabelAtNoonOnDayDGetsDayDMinusOne() throws Exception {
    fourDaysOfUserOne();
    List<Map<String, Object>> rows = build(labels("user_id,label,as_of_ts", "1,1,2025-09-17T12:00:00Z"), null);
    assertThat(rows).hasSize(1);
    assertThat(dt(rows.get(0))).isEqualTo("2025-09-16");
    assertThat(value(rows.get(0))).isEqualByComparingTo("3.00");
  }

  @Test
  void atMidnightExactlyThePreviousDayIsKnownAndOneMicrosecondEarlierItIsNot() throws Exception {
    fourDaysOfUserOne();
    List<Map<String, Object>> rows =
        build(
            labels(
                "user_id,label,as_of_ts",
                "1,0,2025-09-17T00:00:00Z",
                "1,0,2025-09-16T23:59:59.999999Z",
                "1,0,2025-09-17T01:30:00+02:00"),
            null);
    assertThat(rows).extracting(TrainingSetBuilderTest::dt)
        .containsExactly("2025-09-16", "2025-09-15", "2025-09-15");
  }

  @Test
  void aUserWithoutHistoryAndALabelBeforeAnyDataGetNulls() throws Exception {
    fourDaysOfUserOne();
    Path out = files.resolve("out.csv");
    TrainingSetSummary summary =
        builder.build(
            new TrainingSetRequest(
                labels(
                    "user_id,label,as_of_ts",
                    "7,1,2025-09-20T00:00:00Z",
                    "1,1,2025-09-14T23:00:00Z",
                    "1,1,2025-09-15T00:00:00Z"),
                FeatureSnapshotChoice.current(),
                null,
                out));
    List<Map<String, Object>> rows = OutputRows.read(out);
    assertThat(rows).extracting(TrainingSetBuilderTest::dt).containsExactly(null, null, "2025-09-14");
    assertThat(rows.get(0).get("spending_mean_7d")).isNull();
    assertThat(summary.rows()).isEqualTo(3);
    assertThat(summary.rowsWithFeatures()).isEqualTo(1);
    assertThat(summary.rowsWithoutHistory()).isEqualTo(2);
    assertThat(summary.rowsPastTtl()).isZero();
  }

  @Test
  void aMatchOlderThanTheTtlComesOutAsNullsAndTheBoundaryIsKept() throws Exception {
    fourDaysOfUserOne();
    // user 1's last row (2025-09-17) is known from 2025-09-18T00:00Z.
    Path labels =
        labels(
            "user_id,label,as_of_ts",
            "1,1,2025-09-25T00:00:00Z", // age exactly 7 days: kept
            "1,1,2025-09-25T00:00:01Z", // age 7 days and a second: expired
            "2,0,2025-09-18T12:00:00Z"); // user 2's row of 09-16, age 1.5 days: kept
    Path out = files.resolve("ttl.parquet");
    TrainingSetSummary summary =
        builder.build(new TrainingSetRequest(labels, FeatureSnapshotChoice.current(), Duration.ofDays(7), out));
    List<Map<String, Object>> rows = OutputRows.read(out);
    assertThat(rows).extracting(TrainingSetBuilderTest::dt).containsExactly("2025-09-17", null, "2025-09-16");
    assertThat(rows.get(1).get("spending_mean_7d")).isNull();
    assertThat(summary.rowsPastTtl()).isEqualTo(1);
    assertThat(summary.rowsWithFeatures()).isEqualTo(2);

    List<Map<String, Object>> hugeTtl = build(labels, Duration.ofDays(999_999_999));
    assertThat(hugeTtl).extracting(TrainingSetBuilderTest::dt).containsExactly("2025-09-17", "2025-09-17", "2025-09-16");
    List<Map<String, Object>> withoutTtl = build(labels, null);
    assertThat(withoutTtl).extracting(TrainingSetBuilderTest::dt)
        .containsExactly("2025-09-17", "2025-09-17", "2025-09-16");
  }

  @Test
  void everyLabelRowComesOutOnceInInputOrderWithDuplicatesAndExtraColumns() throws Exception {
    fourDaysOfUserOne();
    Path labels =
        labels(
            "request_id,user_id,note,label,as_of_ts,score",
            "30,1,late,1,2025-09-19T08:00:00Z,0.5",
            "10,2,\"with, comma\",0,2025-09-17T08:00:00Z,1.25",
            "20,1,dup,1,2025-09-16T08:00:00Z,2.0",
            "20,1,dup,1,2025-09-16T08:00:00Z,2.0",
            "5,9,nobody,0,2025-09-16T08:00:00Z,");
    List<Map<String, Object>> rows = build(labels, null);
    assertThat(rows).hasSize(5);
    assertThat(rows.get(0).keySet())
        .containsExactly(
            "request_id", "user_id", "note", "label", "as_of_ts", "score", "feature_dt", "spending_mean_7d");
    assertThat(rows).extracting(r -> r.get("request_id").toString()).containsExactly("30", "10", "20", "20", "5");
    assertThat(rows).extracting(r -> r.get("note")).containsExactly("late", "with, comma", "dup", "dup", "nobody");
    assertThat(rows).extracting(TrainingSetBuilderTest::dt)
        .containsExactly("2025-09-17", "2025-09-16", "2025-09-15", "2025-09-15", null);
    assertThat(rows.get(0).get("as_of_ts")).isEqualTo(Instant.parse("2025-09-19T08:00:00Z"));
    assertThat(rows.get(4).get("score")).isNull();
  }

  /** The current snapshot's dates as the builder's check sees them. */
  private FeatureSpans.Coverage coverage() {
    Table table = catalog.load(FloeTable.USER_FEATURES);
    try (Connection connection = PointInTimeSql.open()) {
      return FeatureSpans.load(
          connection, FeatureFiles.plan(table, table.currentSnapshot().snapshotId(), Expressions.alwaysTrue()));
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private Optional<String> unevenness() {
    return Optional.ofNullable(coverage().unevenness());
  }

  /** The default builder and the ASOF join give the same rows and counts, to Parquet and to CSV. */
  private void assertSameAsTheAsofJoin(Path labels) {
    TrainingSetBuilder asof = new TrainingSetBuilder(catalog, TrainingSetBuilder.PointInTimeJoin.ASOF);
    for (Duration ttl : java.util.Arrays.asList(null, Duration.ofDays(1), Duration.ofHours(36))) {
      for (String extension : List.of(".parquet", ".csv")) {
        Path byDate = files.resolve("by-date-" + ttl + "-" + System.nanoTime() + extension);
        Path byAsof = files.resolve("asof-" + ttl + "-" + System.nanoTime() + extension);
        TrainingSetSummary equality =
            builder.build(new TrainingSetRequest(labels, FeatureSnapshotChoice.current(), ttl, byDate));
        TrainingSetSummary general =
            asof.build(new TrainingSetRequest(labels, FeatureSnapshotChoice.current(), ttl, byAsof));
        String context = "ttl " + ttl + " to " + extension;
        assertThat(OutputRows.read(byDate)).as(context).isEqualTo(OutputRows.read(byAsof));
        assertThat(equality.rows()).as(context).isEqualTo(general.rows());
        assertThat(equality.rowsWithFeatures()).as(context).isEqualTo(general.rowsWithFeatures());
        assertThat(equality.rowsPastTtl()).as(context).isEqualTo(general.rowsPastTtl());
        assertThat(equality.rowsWithoutHistory()).as(context).isEqualTo(general.rowsWithoutHistory());
      }
    }
  }

  @Test
  void aGapFreeSnapshotTakesTheEqualityJoinAndGivesWhatTheAsofJoinGives() throws Exception {
    features.append(
        List.of(
            row(1, "2025-09-14", "1.00"),
            row(1, "2025-09-15", "2.00"),
            row(1, "2025-09-16", "3.00"),
            row(2, "2025-09-16", "9.50"),
            row(3, "2025-09-10", "0.25"),
            row(3, "2025-09-11", "0.50"),
            row(3, "2025-09-12", "0.75")));
    assertThat(coverage().gapFree()).isTrue();
    assertThat(coverage().sameLastDate()).isEmpty();
    Path labels =
        labels(
            "request_id,user_id,label,as_of_ts,note",
            "1,1,1,2025-09-15T00:00:00Z,first known at midnight",
            "2,1,0,2025-09-14T23:59:59.999999Z,one microsecond before",
            "3,1,1,2025-09-30T12:00:00Z,after the last row",
            "3,1,1,2025-09-30T12:00:00Z,after the last row",
            "4,3,0,2025-09-12T06:00:00Z,",
            "5,2,1,2025-09-10T00:00:00Z,before any row",
            "6,7,1,2025-09-16T00:00:00Z,no such user",
            "7,3,0,1969-12-31T23:00:00Z,before 1970",
            "8,3,1,2025-09-13T00:00:01Z,");
    assertSameAsTheAsofJoin(labels);
    List<Map<String, Object>> rows = build(labels, null);
    assertThat(rows).extracting(TrainingSetBuilderTest::dt)
        .containsExactly(
            "2025-09-14", null, "2025-09-16", "2025-09-16", "2025-09-11", null, null, null, "2025-09-12");
    assertThat(rows).extracting(r -> r.get("note"))
        .containsExactly(
            "first known at midnight", "one microsecond before", "after the last row", "after the last row", null,
            "before any row", "no such user", "before 1970", null);
    List<Map<String, Object>> shortTtl = build(labels, Duration.ofDays(1));
    assertThat(shortTtl).extracting(TrainingSetBuilderTest::dt)
        .containsExactly("2025-09-14", null, null, null, "2025-09-11", null, null, null, "2025-09-12");
  }

  @Test
  void usersThatAllEndOnOneDayAreLookedUpWithoutTheirSpansAndGetWhatTheAsofJoinGives() throws Exception {
    fourDaysOfUserOne();
    features.append(List.of(row(3, "2025-09-17", "0.25")));
    assertThat(coverage().sameLastDate()).isEmpty();
    features.append(List.of(row(2, "2025-09-17", "9.75")));
    assertThat(coverage().sameLastDate()).hasValue(java.time.LocalDate.parse("2025-09-17"));
    Path labels =
        labels(
            "user_id,label,as_of_ts,request_id",
            "1,1,2025-09-30T12:00:00Z,1",
            "2,0,2025-09-17T00:00:00Z,2",
            "2,0,2025-09-16T23:59:59Z,3",
            "3,1,2025-09-18T00:00:00Z,4",
            "3,1,2025-09-17T12:00:00Z,5",
            "4,1,2025-09-18T00:00:00Z,6",
            "1,1,2025-09-16T00:00:00Z,7",
            "1,1,2025-09-16T00:00:00Z,7");
    assertSameAsTheAsofJoin(labels);
    assertThat(build(labels, null)).extracting(TrainingSetBuilderTest::dt)
        .containsExactly("2025-09-17", "2025-09-16", null, "2025-09-17", null, null, "2025-09-15", "2025-09-15");
  }

  @Test
  void aSnapshotWithAMissingDayTakesTheAsofJoinAndStillGetsTheDayBefore() throws Exception {
    features.append(
        List.of(row(1, "2025-09-14", "1.00"), row(1, "2025-09-15", "2.00"), row(1, "2025-09-17", "4.00")));
    assertThat(unevenness()).hasValueSatisfying(why -> assertThat(why).contains("user 1", "3 row(s) on 3 date(s)"));
    List<Map<String, Object>> rows =
        build(labels("user_id,label,as_of_ts", "1,1,2025-09-17T12:00:00Z", "1,0,2025-09-18T00:00:00Z"), null);
    assertThat(rows).extracting(TrainingSetBuilderTest::dt).containsExactly("2025-09-15", "2025-09-17");
  }

  @Test
  void aDayWrittenTwiceIsNotGapFreeEvenWhenTheRowCountFitsTheSpan() throws Exception {
    // Three rows from 09-14 to 09-16, but two of them on 09-14 and none on 09-15.
    features.append(List.of(row(1, "2025-09-14", "1.00"), row(1, "2025-09-16", "3.00")));
    features.append(List.of(row(1, "2025-09-14", "1.50")));
    assertThat(unevenness()).hasValueSatisfying(why -> assertThat(why).contains("3 row(s) on 2 date(s)"));
    List<Map<String, Object>> rows =
        build(labels("user_id,label,as_of_ts", "1,1,2025-09-16T12:00:00Z", "1,0,2025-09-17T00:00:00Z"), null);
    assertThat(rows).hasSize(2);
    assertThat(rows).extracting(TrainingSetBuilderTest::dt).containsExactly("2025-09-14", "2025-09-16");
  }

  @Test
  void parquetLabelsWorkLikeCsvAndCsvOutputReadsBack() throws Exception {
    fourDaysOfUserOne();
    Path parquet = files.resolve("labels.parquet");
    try (var connection = PointInTimeSql.open()) {
      PointInTimeSql.execute(
          connection,
          dev.floe.engine.SqlStatement.of("COPY (SELECT * FROM (VALUES (2::INT, 'b', TIMESTAMP '2025-09-18 06:00:00'),"
              + " (1::INT, 'a', TIMESTAMP '2025-09-16 00:00:00')) t(user_id, label, as_of_ts))"
              + " TO '" + parquet + "' (FORMAT parquet)"));
    }
    Path out = files.resolve("from-parquet.csv");
    builder.build(new TrainingSetRequest(parquet, FeatureSnapshotChoice.current(), null, out));
    List<Map<String, Object>> rows = OutputRows.read(out);
    assertThat(rows).extracting(r -> r.get("label")).containsExactly("b", "a");
    assertThat(rows).extracting(TrainingSetBuilderTest::dt).containsExactly("2025-09-16", "2025-09-15");
    assertThat(rows).extracting(TrainingSetBuilderTest::value)
        .usingElementComparator(BigDecimal::compareTo)
        .containsExactly(new BigDecimal("9.50"), new BigDecimal("2.00"));
    assertThat(Files.readAllLines(out).get(1)).contains("2025-09-18T06:00:00.000000Z");
  }

  /** Parquet labels of many row groups, so the in-place read is scanned in parallel. */
  private Path parquetLabels(String name, String extraColumns, int rows) {
    Path parquet = files.resolve(name);
    try (var connection = PointInTimeSql.open()) {
      PointInTimeSql.execute(
          connection,
          dev.floe.engine.SqlStatement.of(
              "COPY (SELECT range AS request_id, (range * 7919) % 5 AS user_id, range % 2 AS label,"
                  + " TIMESTAMPTZ '2025-09-13 00:00:00+00' + to_microseconds(range * 7919 * 1000003 % 600000000000)"
                  + " AS as_of_ts" + extraColumns + " FROM range(" + rows + "))"
                  + " TO '" + parquet + "' (FORMAT parquet, ROW_GROUP_SIZE 1024)"));
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return parquet;
  }

  @Test
  void parquetLabelsReadInPlaceComeOutInInputOrderAndGiveWhatTheAsofJoinGives() throws Exception {
    fourDaysOfUserOne();
    features.append(List.of(row(3, "2025-09-15", "0.25"), row(3, "2025-09-16", "0.50")));
    Path parquet = parquetLabels("in-place.parquet", ", 'note ' || range AS note", 20_000);
    assertSameAsTheAsofJoin(parquet);
    List<Map<String, Object>> rows = build(parquet, null);
    assertThat(rows).hasSize(20_000);
    assertThat(rows.get(0).keySet())
        .containsExactly("request_id", "user_id", "label", "as_of_ts", "note", "feature_dt", "spending_mean_7d");
    for (int i = 0; i < rows.size(); i++) {
      assertThat(((Number) rows.get(i).get("request_id")).longValue()).as("row %d", i).isEqualTo(i);
    }
    assertThat(rows).filteredOn(r -> r.get("feature_dt") != null).isNotEmpty();
  }

  @Test
  void aLabelFileWithARowidColumnIsRefusedByNameAndAFileRowNumberColumnIsCarriedThrough() throws Exception {
    fourDaysOfUserOne();
    Path out = files.resolve("refused.parquet");
    for (Path labels :
        List.of(
            parquetLabels("rowid.parquet", ", 1000 - range AS rowid", 10),
            labels("user_id,label,as_of_ts,rowid", "1,1,2025-09-17T12:00:00Z,7"))) {
      assertThatThrownBy(() -> builder.build(request(labels, out)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("has a column rowid")
          .hasMessageContaining("rename it");
      assertThat(out).doesNotExist();
    }
    Path parquet = parquetLabels("file-row-number.parquet", ", 1000 - range AS file_row_number", 3_000);
    assertSameAsTheAsofJoin(parquet);
    List<Map<String, Object>> rows = build(parquet, null);
    assertThat(rows).extracting(r -> ((Number) r.get("file_row_number")).longValue()).startsWith(1000L, 999L, 998L);
    assertThat(rows).extracting(r -> ((Number) r.get("request_id")).longValue()).startsWith(0L, 1L, 2L);
  }

  @Test
  void aSnapshotsGapCheckVerdictIsKeptAndANewSnapshotIsCheckedAgain() throws Exception {
    fourDaysOfUserOne();
    Path labels = labels("user_id,label,as_of_ts", "1,1,2025-09-17T12:00:00Z", "1,0,2025-09-18T00:00:00Z");
    assertThat(build(labels, null)).extracting(TrainingSetBuilderTest::dt).containsExactly("2025-09-16", "2025-09-17");
    Table table = catalog.load(FloeTable.USER_FEATURES);
    long first = table.currentSnapshot().snapshotId();
    assertThat(GapCheckVerdicts.get(new GapCheckVerdicts.Key(table.uuid(), first, java.time.LocalDate.parse("2025-09-17"))))
        .hasValueSatisfying(verdict -> assertThat(verdict.gapFree()).isTrue());

    // A second row for user 1 on 09-16: the new snapshot has its own verdict, not the first one's.
    features.append(List.of(row(1, "2025-09-16", "3.50")));
    table = catalog.load(FloeTable.USER_FEATURES);
    long second = table.currentSnapshot().snapshotId();
    List<Map<String, Object>> rows = build(labels, null);
    // The equality join would give the label at noon on 09-17 both rows of 09-16; ASOF gives one.
    assertThat(rows).hasSize(2).extracting(TrainingSetBuilderTest::dt).containsExactly("2025-09-16", "2025-09-17");
    assertThat(GapCheckVerdicts.get(new GapCheckVerdicts.Key(table.uuid(), second, java.time.LocalDate.parse("2025-09-17"))))
        .hasValueSatisfying(verdict -> assertThat(verdict.gapFree()).isFalse());
  }

  @Test
  void knownAtRebuildsTheSetAsItWasExcludingLateArrivingData() throws Exception {
    Snapshot first = features.append(List.of(row(1, "2025-09-14", "1.00"), row(1, "2025-09-15", "2.00")));
    Thread.sleep(5);
    Instant between = Instant.ofEpochMilli(first.timestampMillis() + 2);
    Thread.sleep(5);
    // Late events for 09-15 arrive: that date is recomputed, and 09-16 is new.
    Snapshot second =
        features.replaceDates(List.of(row(1, "2025-09-15", "5.00"), row(1, "2025-09-16", "6.00")));
    assertThat(second.timestampMillis()).isGreaterThan(between.toEpochMilli());
    Path labels = labels("user_id,label,as_of_ts", "1,1,2025-09-16T10:00:00Z", "1,1,2025-09-17T10:00:00Z");

    Path then = files.resolve("then.parquet");
    TrainingSetSummary asThen =
        builder.build(new TrainingSetRequest(labels, FeatureSnapshotChoice.knownAt(between), null, then));
    Path now = files.resolve("now.parquet");
    builder.build(new TrainingSetRequest(labels, FeatureSnapshotChoice.current(), null, now));
    Path exact = files.resolve("exact.parquet");
    builder.build(
        new TrainingSetRequest(labels, FeatureSnapshotChoice.snapshot(first.snapshotId()), null, exact));

    assertThat(asThen.featureSnapshotId()).isEqualTo(first.snapshotId());
    assertThat(OutputRows.read(then)).extracting(TrainingSetBuilderTest::value)
        .usingElementComparator(BigDecimal::compareTo)
        .containsExactly(new BigDecimal("2.00"), new BigDecimal("2.00"));
    assertThat(OutputRows.read(exact)).isEqualTo(OutputRows.read(then));
    assertThat(OutputRows.read(now)).extracting(TrainingSetBuilderTest::value)
        .usingElementComparator(BigDecimal::compareTo)
        .containsExactly(new BigDecimal("5.00"), new BigDecimal("6.00"));
  }

  @Test
  void knownAtBeforeTheFirstCommitAndAnUnknownSnapshotAreNotFound() throws Exception {
    Snapshot first = features.append(List.of(row(1, "2025-09-14", "1.00")));
    Path labels = labels("user_id,label,as_of_ts", "1,1,2025-09-16T10:00:00Z");
    Path out = files.resolve("none.parquet");
    Instant before = Instant.ofEpochMilli(first.timestampMillis() - 60_000);
    assertThatThrownBy(
            () -> builder.build(new TrainingSetRequest(labels, FeatureSnapshotChoice.knownAt(before), null, out)))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("No user_features snapshot was current at " + before);
    assertThatThrownBy(
            () -> builder.build(new TrainingSetRequest(labels, FeatureSnapshotChoice.snapshot(42), null, out)))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("Snapshot 42 does not exist");
    assertThat(out).doesNotExist();
  }

  @Test
  void aBadLabelRowIsNamedByLineAndFieldAndNothingIsWritten() throws Exception {
    fourDaysOfUserOne();
    Path out = files.resolve("bad.parquet");
    assertThatThrownBy(
            () -> builder.build(request(labels("user_id,label,as_of_ts", "1,1,2025-09-17T12:00:00Z", "1,0,yesterday"), out)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("line 3")
        .hasMessageContaining("as_of_ts 'yesterday' is not an ISO-8601 instant");
    assertThatThrownBy(
            () -> builder.build(request(labels("user_id,label,as_of_ts", "1,1,2025-09-17T12:00:00Z", "x1,0,2025-09-17"), out)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("line 3: user_id 'x1' is not a whole number");
    assertThatThrownBy(
            () -> builder.build(request(labels("user_id,label,as_of_ts", "1,1,2025-09-17", ",0,2025-09-17"), out)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("line 3: user_id is missing");
    assertThatThrownBy(() -> builder.build(request(labels("user_id,label", "1,1"), out)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("has no column as_of_ts");
    assertThatThrownBy(
            () -> builder.build(request(labels("user_id,label,as_of_ts,feature_dt", "1,1,2025-09-17,x"), out)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("already has a column feature_dt");
    assertThatThrownBy(() -> builder.build(request(files.resolve("missing.csv"), out)))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("does not exist");
    assertThatThrownBy(
            () -> builder.build(request(labels("user_id,label,as_of_ts", "1,1,2025-09-17"), files.resolve("out.json"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("must end in .csv or .parquet");
    assertThat(out).doesNotExist();
    try (var listing = Files.list(files)) {
      assertThat(listing.filter(p -> p.getFileName().toString().contains("partial"))).isEmpty();
    }
  }

  @Test
  void anEmptyLabelFileGivesAnEmptyTrainingSet() throws Exception {
    fourDaysOfUserOne();
    Path out = files.resolve("empty.parquet");
    TrainingSetSummary summary = builder.build(request(labels("user_id,label,as_of_ts"), out));
    assertThat(summary.rows()).isZero();
    assertThat(OutputRows.read(out)).isEmpty();
  }

  private static TrainingSetRequest request(Path labels, Path out) {
    return new TrainingSetRequest(labels, FeatureSnapshotChoice.current(), null, out);
  }
}
