package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.engine.DuckDb;
import dev.floe.error.InvalidInputException;
import dev.floe.testing.RawEvents;
import dev.floe.testing.RawEvents.Row;
import dev.floe.workflows.IngestRequest;
import dev.floe.workflows.IngestResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventIngesterTest {
  private static final String HEADER = "id,user_id,amount,vendor_id,event_timestamp";

  @TempDir Path dir;

  private FloeCatalog catalog;
  private EventIngester ingester;

  @BeforeEach
  void openCatalog() {
    catalog = FloeCatalog.open(dir.resolve("data"));
    ingester = new EventIngester(catalog);
  }

  @AfterEach
  void closeCatalog() {
    catalog.close();
  }

  @Test
  void aCsvFileIsAppendedInOneCommitWithItsHashAndLineage() {
    Path file =
        csv(
            "orders.csv",
            "1,42,12.50,7,2025-09-01T10:00:00Z",
            "2,42,0.99,8,2025-09-01T23:30:00+05:30",
            "3,43,100,9,2025-09-02 08:15:30.25+00:00");

    IngestResult result =
        ingester.ingest(
            new IngestRequest(file.toString()), new CommitLineage("wf", "run", "ingest"));

    assertThat(result.rows()).isEqualTo(3);
    assertThat(result.alreadyIngested()).isFalse();
    assertThat(result.sha256()).hasSize(64);
    Table table = catalog.load(FloeTable.RAW_EVENTS);
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(result.snapshotId());
    assertThat(table.currentSnapshot().summary())
        .containsEntry(CommitLineage.SOURCE_FILE_HASH, result.sha256())
        .containsEntry(CommitLineage.ROWS, "3")
        .containsEntry(CommitLineage.STEP, "ingest")
        .containsEntry(CommitLineage.RUN_ID, "run");
    assertThat(RawEvents.current(catalog))
        .containsExactly(
            new Row(
                1,
                42,
                new BigDecimal("12.50"),
                7,
                Instant.parse("2025-09-01T10:00:00Z"),
                "2025-09-01"),
            new Row(
                2,
                42,
                new BigDecimal("0.99"),
                8,
                Instant.parse("2025-09-01T18:00:00Z"),
                "2025-09-01"),
            new Row(
                3,
                43,
                new BigDecimal("100.00"),
                9,
                Instant.parse("2025-09-02T08:15:30.25Z"),
                "2025-09-02"));
  }

  @Test
  void eventsNearMidnightFarFromUtcLandOnTheirUtcDateAndPartition() {
    Path file =
        csv(
            "zones.csv",
            "1,1,1.00,1,2025-09-01T23:30:00+14:00",
            "2,1,1.00,1,2025-09-01T00:30:00+14:00",
            "3,1,1.00,1,2025-09-01T23:30:00-12:00",
            "4,1,1.00,1,2025-09-01T00:10:00+05:45",
            "5,1,1.00,1,2025-09-01T23:59:59.999999Z",
            "6,1,1.00,1,2025-09-01T22:30:00-04:00[America/New_York]",
            "7,1,1.00,1,2025-09-01T05:00:00+0545",
            "8,1,1.00,1,2025-09-02T00:00:00+00",
            "9,1,1.00,1,2025-01-15T23:30:00-05:00[America/New_York]");

    ingester.ingest(new IngestRequest(file.toString()), CommitLineage.direct("ingest"));

    assertThat(RawEvents.current(catalog))
        .extracting(Row::eventTimestamp, Row::eventDate)
        .containsExactly(
            tuple(Instant.parse("2025-09-01T09:30:00Z"), "2025-09-01"),
            tuple(Instant.parse("2025-08-31T10:30:00Z"), "2025-08-31"),
            tuple(Instant.parse("2025-09-02T11:30:00Z"), "2025-09-02"),
            tuple(Instant.parse("2025-08-31T18:25:00Z"), "2025-08-31"),
            tuple(Instant.parse("2025-09-01T23:59:59.999999Z"), "2025-09-01"),
            tuple(Instant.parse("2025-09-02T02:30:00Z"), "2025-09-02"),
            tuple(Instant.parse("2025-08-31T23:15:00Z"), "2025-08-31"),
            tuple(Instant.parse("2025-09-02T00:00:00Z"), "2025-09-02"),
            tuple(Instant.parse("2025-01-16T04:30:00Z"), "2025-01-16"));
    // Each file sits in the day partition of every event it holds.
    Table table = catalog.load(FloeTable.RAW_EVENTS);
    List<DataFile> files = dataFiles(table);
    assertThat(files).hasSize(4);
    for (DataFile dataFile : files) {
      LocalDate partition = LocalDate.ofEpochDay(dataFile.partition().get(0, Integer.class));
      assertThat(utcDate(dataFile.lowerBounds().get(5))).isEqualTo(partition);
      assertThat(utcDate(dataFile.upperBounds().get(5))).isEqualTo(partition);
    }
  }

  @Test
  void aParquetFileWithTheColumnsInAnyOrderIsAppended() throws Exception {
    Path file = dir.resolve("orders.parquet");
    duck(
        "COPY (SELECT TIMESTAMPTZ '2025-09-01 23:30:00+05:30' AS event_timestamp, 10::BIGINT AS id,"
            + " 5::BIGINT AS user_id, 12.34::DECIMAL(15,2) AS amount, 3::BIGINT AS vendor_id"
            + " UNION ALL SELECT TIMESTAMPTZ '2025-09-02 00:00:00+00', 11, 6, 7.5, 4)"
            + " TO '"
            + file
            + "' (FORMAT parquet)");

    IngestResult result =
        ingester.ingest(new IngestRequest(file.toString()), CommitLineage.direct("ingest"));

    assertThat(result.rows()).isEqualTo(2);
    assertThat(RawEvents.current(catalog))
        .containsExactly(
            new Row(
                10,
                5,
                new BigDecimal("12.34"),
                3,
                Instant.parse("2025-09-01T18:00:00Z"),
                "2025-09-01"),
            new Row(
                11,
                6,
                new BigDecimal("7.50"),
                4,
                Instant.parse("2025-09-02T00:00:00Z"),
                "2025-09-02"));
  }

  @Test
  void reIngestingTheSameContentIsANoOpThatNamesTheEarlierSnapshot() throws IOException {
    Path file = csv("orders.csv", "1,42,12.50,7,2025-09-01T10:00:00Z");
    IngestResult first =
        ingester.ingest(new IngestRequest(file.toString()), CommitLineage.direct("ingest"));
    Path copy = Files.copy(file, dir.resolve("orders-copy.csv"));

    IngestResult again =
        ingester.ingest(new IngestRequest(file.toString()), CommitLineage.direct("ingest"));
    IngestResult sameBytes =
        ingester.ingest(new IngestRequest(copy.toString()), CommitLineage.direct("ingest"));

    assertThat(again)
        .isEqualTo(new IngestResult("raw_events", first.snapshotId(), 1, first.sha256(), true, 0));
    assertThat(sameBytes).isEqualTo(again);
    assertThat(catalog.load(FloeTable.RAW_EVENTS).snapshots()).hasSize(1);
    assertThat(RawEvents.current(catalog)).hasSize(1);
  }

  @Test
  void aRetryOfTheSameRunFindsItsOwnCommit() {
    Path file = csv("orders.csv", "1,42,12.50,7,2025-09-01T10:00:00Z");
    CommitLineage lineage = new CommitLineage("wf", "run", "ingest");
    IngestResult first = ingester.ingest(new IngestRequest(file.toString()), lineage);
    IngestResult retried = ingester.ingest(new IngestRequest(file.toString()), lineage);

    assertThat(retried).isEqualTo(first);
    assertThat(catalog.load(FloeTable.RAW_EVENTS).snapshots()).hasSize(1);
  }

  static Stream<Arguments> badRows() {
    return Stream.of(
        Arguments.of(",42,1.00,7,2025-09-01T10:00:00Z", "id is missing"),
        Arguments.of("abc,42,1.00,7,2025-09-01T10:00:00Z", "id 'abc' is not a whole number"),
        Arguments.of("1.5,42,1.00,7,2025-09-01T10:00:00Z", "id '1.5' is not a whole number"),
        Arguments.of("9,,1.00,7,2025-09-01T10:00:00Z", "user_id is missing"),
        Arguments.of("9,0x10,1.00,7,2025-09-01T10:00:00Z", "user_id '0x10' is not a whole number"),
        Arguments.of("9,42,,7,2025-09-01T10:00:00Z", "amount is missing"),
        Arguments.of(
            "9,42,twelve,7,2025-09-01T10:00:00Z", "amount 'twelve' is not a decimal number"),
        Arguments.of("9,42,1e3,7,2025-09-01T10:00:00Z", "amount '1e3' is not a decimal number"),
        Arguments.of("9,42,-3.00,7,2025-09-01T10:00:00Z", "amount '-3.00' is negative"),
        Arguments.of(
            "9,42,12.345,7,2025-09-01T10:00:00Z", "amount '12.345' has more than 2 decimal places"),
        Arguments.of(
            "9,42,12345678901234.00,7,2025-09-01T10:00:00Z",
            "amount '12345678901234.00' is too large for decimal(15,2)"),
        Arguments.of("9,42,1.00,,2025-09-01T10:00:00Z", "vendor_id is missing"),
        Arguments.of("9,42,1.00,v7,2025-09-01T10:00:00Z", "vendor_id 'v7' is not a whole number"),
        Arguments.of("9,42,1.00,7,", "event_timestamp is missing"),
        Arguments.of(
            "9,42,1.00,7,yesterday",
            "event_timestamp 'yesterday' is not an ISO-8601 timestamp such as"
                + " 2025-09-01T23:30:00+05:30"),
        Arguments.of(
            "9,42,1.00,7,2025-09-01T10:00:00",
            "event_timestamp '2025-09-01T10:00:00' has no zone: add Z for UTC or an offset such as"
                + " +05:30"),
        Arguments.of(
            "9,42,1.00,7,2025-09-01T10:00:00[Europe/Paris]",
            "event_timestamp '2025-09-01T10:00:00[Europe/Paris]' has no zone: add Z for UTC or an"
                + " offset such as +05:30"),
        Arguments.of(
            "9,42,1.00,7,2025-09-01T10:00:00+25:00",
            "event_timestamp '2025-09-01T10:00:00+25:00' has an unknown zone offset '+25:00'"),
        Arguments.of(
            "9,42,1.00,7,2025-09-01T10:00:00+02:00[Mars/Olympus_Mons]",
            "event_timestamp '2025-09-01T10:00:00+02:00[Mars/Olympus_Mons]' names an unknown zone"
                + " 'Mars/Olympus_Mons'"),
        Arguments.of(
            "9,42,1.00,7,2025-09-01T10:00:00-05:00[America/New_York]",
            "event_timestamp '2025-09-01T10:00:00-05:00[America/New_York]' has offset -05:00,"
                + " which America/New_York does not use at that time"),
        Arguments.of(
            "9,42,1.00,7,2025-02-30T10:00:00Z",
            "event_timestamp '2025-02-30T10:00:00Z' is not a valid date and time"),
        Arguments.of("9,42,1.00", "expected 5 fields (" + HEADER + "), found 3"),
        Arguments.of("1,42,1.00,7,2025-09-01T10:00:00Z", "id 1 repeats the id of line 2"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badRows")
  void aBadRowAppendsNothingAndNamesItsLineAndField(String badRow, String problem) {
    long before =
        ingester
            .ingest(
                new IngestRequest(
                    csv("existing.csv", "100,1,1.00,1,2025-08-01T00:00:00Z").toString()),
                CommitLineage.direct("ingest"))
            .snapshotId();
    Path file =
        csv(
            "bad.csv",
            "1,42,12.50,7,2025-09-01T10:00:00Z",
            "2,42,12.340,7,2025-09-01T11:00:00+05:30",
            badRow,
            "4,42,1.00,7,2025-09-01T12:00:00Z");

    assertThatThrownBy(
            () ->
                ingester.ingest(new IngestRequest(file.toString()), CommitLineage.direct("ingest")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(file + " line 4: " + problem);
    assertThat(catalog.load(FloeTable.RAW_EVENTS).currentSnapshot().snapshotId()).isEqualTo(before);
    assertThat(RawEvents.current(catalog)).hasSize(1);
  }

  @Test
  void rowsAlreadyStoredIdenticallyAreSkippedAndCounted() {
    IngestResult monday =
        ingester.ingest(
            new IngestRequest(
                csv(
                        "monday.csv",
                        "1,42,12.50,7,2025-09-01T10:00:00Z",
                        "2,43,3.00,8,2025-09-01T11:00:00Z")
                    .toString()),
            CommitLineage.direct("ingest"));
    // The next export overlaps: row 2 again, written differently but with the same values.
    Path tuesday =
        csv(
            "tuesday.csv",
            "2,43,3,8,2025-09-01T13:00:00+02:00",
            "3,44,4.25,9,2025-09-02T09:00:00Z",
            "4,42,1.00,7,2025-09-02T10:00:00Z");

    IngestResult result =
        ingester.ingest(new IngestRequest(tuesday.toString()), CommitLineage.direct("ingest"));

    assertThat(result.rows()).isEqualTo(2);
    assertThat(result.skippedRows()).isEqualTo(1);
    assertThat(result.alreadyIngested()).isFalse();
    assertThat(result.snapshotId()).isNotEqualTo(monday.snapshotId());
    assertThat(catalog.load(FloeTable.RAW_EVENTS).currentSnapshot().summary())
        .containsEntry(CommitLineage.ROWS, "2")
        .containsEntry(EventIngester.SKIPPED_ROWS, "1");
    assertThat(RawEvents.current(catalog)).extracting(Row::id).containsExactly(1L, 2L, 3L, 4L);
    // A retry of the same file names the same commit and the same counts.
    assertThat(
            ingester.ingest(new IngestRequest(tuesday.toString()), CommitLineage.direct("ingest")))
        .isEqualTo(
            new IngestResult("raw_events", result.snapshotId(), 2, result.sha256(), true, 1));
  }

  @Test
  void aFileWhoseRowsAreAllStoredCommitsNothing() {
    IngestResult first =
        ingester.ingest(
            new IngestRequest(
                csv(
                        "all.csv",
                        "1,42,12.50,7,2025-09-01T10:00:00Z",
                        "2,43,3.00,8,2025-09-01T11:00:00Z")
                    .toString()),
            CommitLineage.direct("ingest"));
    Path subset = csv("subset.csv", "2,43,3.00,8,2025-09-01T11:00:00Z");

    IngestResult result =
        ingester.ingest(new IngestRequest(subset.toString()), CommitLineage.direct("ingest"));

    assertThat(result)
        .isEqualTo(new IngestResult("raw_events", first.snapshotId(), 0, result.sha256(), true, 1));
    assertThat(catalog.load(FloeTable.RAW_EVENTS).snapshots()).hasSize(1);
  }

  @Test
  void anIdStoredWithDifferentContentRefusesTheFileNamingBothValues() {
    ingester.ingest(
        new IngestRequest(
            csv(
                    "first.csv",
                    "5,1,1.00,1,2025-08-01T00:00:00Z",
                    "6,1,2.00,1,2025-08-01T00:00:00Z")
                .toString()),
        CommitLineage.direct("ingest"));
    long before = catalog.load(FloeTable.RAW_EVENTS).currentSnapshot().snapshotId();
    Path file =
        csv(
            "second.csv",
            "4,1,1.00,1,2025-08-02T00:00:00Z",
            "6,1,2.00,1,2025-08-01T00:00:00Z",
            "5,1,2.00,1,2025-08-02T00:00:00.5+02:00");

    assertThatThrownBy(
            () ->
                ingester.ingest(new IngestRequest(file.toString()), CommitLineage.direct("ingest")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            file
                + " line 4: id 5 is already in raw_events with different content (amount 1.00 in"
                + " raw_events, 2.00 here; event_timestamp 2025-08-01T00:00:00Z in raw_events,"
                + " 2025-08-01T22:00:00.5Z here): a row already stored may only be sent again"
                + " unchanged, so nothing was ingested");
    assertThat(catalog.load(FloeTable.RAW_EVENTS).currentSnapshot().snapshotId()).isEqualTo(before);
    assertThat(catalog.load(FloeTable.RAW_EVENTS).snapshots()).hasSize(1);
    assertThat(RawEvents.current(catalog)).hasSize(2);
  }

  @Test
  void lineNumbersCountBlankLinesAndLinesInsideQuotedFields() throws IOException {
    Path file = dir.resolve("gaps.csv");
    Files.writeString(
        file,
        HEADER
            + "\n"
            + "1,42,\"1.00\",7,2025-09-01T10:00:00Z\n"
            + "\n"
            + "2,42,\"2.\n00\",7,2025-09-01T10:00:00Z\n"
            + "\n"
            + "3,42,3.001,7,2025-09-01T10:00:00Z\n");

    assertThatThrownBy(
            () ->
                ingester.ingest(new IngestRequest(file.toString()), CommitLineage.direct("ingest")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(file + " line 4: amount '2.\n00' is not a decimal number");
  }

  @Test
  void theFirstBadRowOfALargeFileIsNamedExactly() throws IOException {
    Path file = dir.resolve("large.csv");
    String rows =
        IntStream.rangeClosed(1, 300_000)
            .mapToObj(
                i ->
                    i == 250_000 || i == 280_000
                        ? i + ",1,1.005,1,2025-09-01T10:00:00Z"
                        : i + "," + (i % 100) + ",1.25,1,2025-09-01T10:00:00Z")
            .collect(Collectors.joining("\n", HEADER + "\n", "\n"));
    Files.writeString(file, rows);

    assertThatThrownBy(
            () ->
                ingester.ingest(new IngestRequest(file.toString()), CommitLineage.direct("ingest")))
        .hasMessage(file + " line 250001: amount '1.005' has more than 2 decimal places");
    assertThat(catalog.load(FloeTable.RAW_EVENTS).currentSnapshot()).isNull();
  }

  @Test
  void aParquetTimestampWithoutZoneIsRefusedNamingTheRow() throws Exception {
    Path file = dir.resolve("local.parquet");
    duck(
        "COPY (SELECT i::BIGINT AS id, 1::BIGINT AS user_id, 1.00::DECIMAL(15,2) AS amount,"
            + " 1::BIGINT AS vendor_id, TIMESTAMP '2025-09-01 10:00:00' AS event_timestamp FROM"
            + " range(1, 4) t(i)) TO '"
            + file
            + "' (FORMAT parquet)");

    assertThatThrownBy(
            () ->
                ingester.ingest(new IngestRequest(file.toString()), CommitLineage.direct("ingest")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            file
                + " row 1: event_timestamp '2025-09-01 10:00:00' has no zone: add Z for UTC or an"
                + " offset such as +05:30");
  }

  @Test
  void aParquetFileMissingAColumnIsRefused() throws Exception {
    Path file = dir.resolve("partial.parquet");
    duck(
        "COPY (SELECT 1::BIGINT AS id, 1::BIGINT AS user_id, 1.0 AS amount) TO '"
            + file
            + "' (FORMAT parquet)");

    assertThatThrownBy(
            () ->
                ingester.ingest(new IngestRequest(file.toString()), CommitLineage.direct("ingest")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(file + " has no column vendor_id");
  }

  @Test
  void badFilesAreRefusedBeforeAnythingIsWritten() throws IOException {
    Path headerOnly = csv("empty.csv");
    Path wrongHeader = dir.resolve("header.csv");
    Files.writeString(
        wrongHeader, "id,user,amount,vendor_id,event_timestamp\n1,1,1.00,1,2025-09-01T10:00:00Z\n");
    Path json = dir.resolve("orders.json");
    Files.writeString(json, "[]");

    assertRefused(headerOnly, headerOnly + " holds no rows, only a header: nothing to ingest");
    assertRefused(
        wrongHeader,
        wrongHeader
            + " line 1: the header must be exactly "
            + HEADER
            + ", got id,user,amount,vendor_id,event_timestamp");
    assertRefused(
        json,
        "Cannot ingest " + json + ": expected a .csv or .parquet file with columns " + HEADER);
    assertRefused(
        dir.resolve("missing.csv"),
        "File to ingest " + dir.resolve("missing.csv") + " does not exist");
    assertThat(catalog.load(FloeTable.RAW_EVENTS).currentSnapshot()).isNull();
  }

  private void assertRefused(Path file, String message) {
    assertThatThrownBy(
            () ->
                ingester.ingest(new IngestRequest(file.toString()), CommitLineage.direct("ingest")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(message);
  }

  private Path csv(String name, String... rows) {
    Path file = dir.resolve(name);
    try {
      Files.writeString(
          file,
          Stream.concat(Stream.of(HEADER), Stream.of(rows))
              .collect(Collectors.joining("\n", "", "\n")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private static void duck(String sql) throws Exception {
    try (Connection connection = DuckDb.open();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static List<DataFile> dataFiles(Table table) {
    List<DataFile> files = new java.util.ArrayList<>();
    table.currentSnapshot().addedDataFiles(table.io()).forEach(files::add);
    return files;
  }

  private static LocalDate utcDate(ByteBuffer micros) {
    long value = Conversions.fromByteBuffer(Types.TimestampType.withZone(), micros);
    return Instant.EPOCH.plusNanos(value * 1000).atOffset(ZoneOffset.UTC).toLocalDate();
  }
}
