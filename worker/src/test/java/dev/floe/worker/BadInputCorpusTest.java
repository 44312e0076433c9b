package dev.floe.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.engine.DuckDb;
import dev.floe.engine.SqlLiteral;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of bad input, each fed to the command that reads it: every one is refused with exit
 * code and one line on stderr naming what is wrong, and leaves the snapshot history of every table
 * (every snapshot id, every tag, the current snapshot) exactly as it was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputCorpusTest {
  private static final String HEADER = "id,user_id,amount,vendor_id,event_timestamp";
  private static final String GOOD_ROW = "900000001,42,12.50,7,2025-09-17T10:00:00Z";

  private Path temp;
  private FloeCli cli;
  private String model;

  /** One bad input: how to make it in a directory, the command line, the failure expected. */
  record BadInput(String name, Function<Path, String[]> command, ExitCode code, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeAll
  void trainAModel() throws IOException {
    temp = Files.createTempDirectory("floe-corpus-");
    cli = new FloeCli(temp.resolve("data"));
    model = cli.trainedModel();
  }

  @AfterAll
  void deleteStore() throws IOException {
    try (Stream<Path> paths = Files.walk(temp)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void isRefusedWithOneClearLineAndChangesNoHistory(BadInput input) {
    Map<FloeTable, String> before = history();

    String[] args =
        Stream.of(input.command().apply(temp)).map(arg -> arg.replace("MODEL", model)).toArray(String[]::new);
    FloeCli.Run run = cli.run(args).assertFailedWith(input.code());

    assertThat(run.stderr()).contains(input.message());
    assertThat(history()).isEqualTo(before);
  }

  static Stream<BadInput> corpus() {
    List<BadInput> corpus = new ArrayList<>();
    // CSV files to ingest.
    corpus.add(csv("empty file", "", "is empty"));
    corpus.add(csv("header only", HEADER + "\n", "holds no rows"));
    corpus.add(csv("missing column", "id,user_id,amount,vendor_id\n1,1,1.00,1\n", "the header must be exactly"));
    corpus.add(csv("extra column", HEADER + ",note\n1,1,1.00,1,2025-09-17T10:00:00Z,hi\n", "the header must be exactly"));
    corpus.add(csv("row with an extra field", HEADER + "\n" + GOOD_ROW + ",extra\n", "line 2: expected 5 fields"));
    corpus.add(csv("row with a missing field", HEADER + "\n900000001,42,12.50,7\n", "line 2: expected 5 fields"));
    corpus.add(csv("BOM and CRLF with a bad amount", "\uFEFF" + HEADER + "\r\n" + GOOD_ROW + "\r\n900000002,42,1.005,7,2025-09-17T10:00:00Z\r\n",
        "line 3: amount '1.005' has more than 2 decimal places"));
    corpus.add(csv("quoted field with a comma", HEADER + "\n900000001,42,\"12,50\",7,2025-09-17T10:00:00Z\n",
        "line 2: amount '12,50' is not a decimal number"));
    corpus.add(csv("unterminated quote", HEADER + "\n900000001,42,\"12.50,7,2025-09-17T10:00:00Z\n", "line 2"));
    corpus.add(csv("timestamp without zone", HEADER + "\n900000001,42,12.50,7,2025-09-17T10:00:00\n", "has no zone"));
    corpus.add(csv("timestamp that is a date", HEADER + "\n900000001,42,12.50,7,2025-09-17\n", "is not an ISO-8601 timestamp"));
    corpus.add(csv("impossible date", HEADER + "\n900000001,42,12.50,7,2025-13-01T10:00:00Z\n", "is not a valid date and time"));
    corpus.add(csv("epoch seconds", HEADER + "\n900000001,42,12.50,7,1758103200\n", "is not an ISO-8601 timestamp"));
    corpus.add(csv("NaN amount", HEADER + "\n900000001,42,NaN,7,2025-09-17T10:00:00Z\n", "amount 'NaN' is not a decimal number"));
    corpus.add(csv("Infinity amount", HEADER + "\n900000001,42,Infinity,7,2025-09-17T10:00:00Z\n", "amount 'Infinity' is not a decimal number"));
    corpus.add(csv("negative amount", HEADER + "\n900000001,42,-0.01,7,2025-09-17T10:00:00Z\n", "amount '-0.01' is negative"));
    corpus.add(csv("over-precise amount", HEADER + "\n900000001,42,0.001,7,2025-09-17T10:00:00Z\n", "more than 2 decimal places"));
    corpus.add(csv("amount too large", HEADER + "\n900000001,42,10000000000000.00,7,2025-09-17T10:00:00Z\n", "too large for decimal(15,2)"));
    corpus.add(csv("id out of range", HEADER + "\n9223372036854775808,42,12.50,7,2025-09-17T10:00:00Z\n",
        "line 2: id '9223372036854775808' is out of range for a 64-bit integer"));
    corpus.add(csv("user id out of range", HEADER + "\n900000001,-9223372036854775809,12.50,7,2025-09-17T10:00:00Z\n",
        "line 2: user_id '-9223372036854775809' is out of range for a 64-bit integer"));
    corpus.add(csv("repeated id", HEADER + "\n" + GOOD_ROW + "\n" + GOOD_ROW + "\n", "line 3: id 900000001 repeats the id of line 2"));
    corpus.add(new BadInput("100 MB line", dir -> new String[] {"ingest", hugeLine(dir).toString()}, ExitCode.INVALID_INPUT,
        "huge.csv line 2 is longer than 1 MiB"));
    corpus.add(bytes("not UTF-8", "latin1.csv", (HEADER + "\n900000001,42,12.50,7,2025-09-17T10:00:00Z caf\u00e9\n")
        .getBytes(StandardCharsets.ISO_8859_1), "latin1.csv"));
    corpus.add(bytes("binary file named .csv", "binary.csv", new byte[] {0, 1, 2, (byte) 0xff, 0, 10, 13, 0}, "binary.csv"));
    // Parquet files to ingest.
    corpus.add(parquet("Parquet missing a column", "SELECT 1::BIGINT AS id, 1::BIGINT AS user_id, 1.00::DECIMAL(15,2) AS amount,"
        + " 1::BIGINT AS vendor_id", "has no column event_timestamp"));
    corpus.add(parquet("Parquet with an extra column", "SELECT 900000001::BIGINT AS id, 1::BIGINT AS user_id,"
        + " 1.00::DECIMAL(15,2) AS amount, 1::BIGINT AS vendor_id, TIMESTAMPTZ '2025-09-17 10:00:00+00' AS event_timestamp,"
        + " 'x' AS note", "has an unexpected column note"));
    corpus.add(parquet("Parquet with no rows", "SELECT 1::BIGINT AS id, 1::BIGINT AS user_id, 1.00::DECIMAL(15,2) AS amount,"
        + " 1::BIGINT AS vendor_id, TIMESTAMPTZ '2025-09-17 10:00:00+00' AS event_timestamp WHERE false", "holds no rows"));
    corpus.add(parquet("Parquet NaN amount", "SELECT 900000001::BIGINT AS id, 1::BIGINT AS user_id, 'NaN'::DOUBLE AS amount,"
        + " 1::BIGINT AS vendor_id, TIMESTAMPTZ '2025-09-17 10:00:00+00' AS event_timestamp", "amount 'nan' is not a decimal number"));
    corpus.add(parquet("Parquet infinite amount", "SELECT 900000001::BIGINT AS id, 1::BIGINT AS user_id, 'inf'::DOUBLE AS amount,"
        + " 1::BIGINT AS vendor_id, TIMESTAMPTZ '2025-09-17 10:00:00+00' AS event_timestamp", "amount 'inf' is not a decimal number"));
    corpus.add(parquet("Parquet over-precise double amount", "SELECT 900000001::BIGINT AS id, 1::BIGINT AS user_id,"
        + " 12.345::DOUBLE AS amount, 1::BIGINT AS vendor_id, TIMESTAMPTZ '2025-09-17 10:00:00+00' AS event_timestamp",
        "amount '12.345' has more than 2 decimal places"));
    corpus.add(parquet("Parquet text id", "SELECT 'abc' AS id, 1::BIGINT AS user_id, 1.00::DECIMAL(15,2) AS amount,"
        + " 1::BIGINT AS vendor_id, TIMESTAMPTZ '2025-09-17 10:00:00+00' AS event_timestamp", "id 'abc' is not a whole number"));
    corpus.add(parquet("Parquet timestamp without zone", "SELECT 900000001::BIGINT AS id, 1::BIGINT AS user_id,"
        + " 1.00::DECIMAL(15,2) AS amount, 1::BIGINT AS vendor_id, TIMESTAMP '2025-09-17 10:00:00' AS event_timestamp", "has no zone"));
    corpus.add(bytes("not a Parquet file", "fake.parquet", "id,user_id\n1,2\n".getBytes(StandardCharsets.UTF_8),
        "Cannot read " ));
    // Anomaly files for generate.
    corpus.add(anomalies("anomaly file that is not JSON", "[{\"user_id\": 42,", "bad-anomalies.json"));
    corpus.add(anomalies("anomaly with a text multiplier", "[{\"user_id\": 42, \"day\": 3, \"multiplier\": \"lots\"}]", "multiplier"));
    corpus.add(anomalies("anomaly without a user", "[{\"day\": 3}]", "user_id"));
    corpus.add(anomalies("anomaly with a negative day", "{\"user_id\": 42, \"day\": -1}\n", "day"));
    corpus.add(anomalies("anomaly with a proportion above 1", "[{\"user_id\": 42, \"day\": 1, \"proportion\": 1.5}]", "proportion"));
    corpus.add(anomalies("anomaly file holding a number", "42", "bad-anomalies.json"));
    // Workflow input JSON for run.
    corpus.add(workflow("workflow input that is not JSON", "{\"source\": ", ExitCode.INVALID_INPUT, "JSON"));
    corpus.add(workflow("workflow input that is an array", "[1, 2]", ExitCode.INVALID_INPUT,
        "Pipeline input must be a JSON object such as {\"source\": \"generate\"}, not array"));
    corpus.add(workflow("workflow input with an unknown source", "{\"source\": \"kafka\"}", ExitCode.INVALID_INPUT, "kafka"));
    corpus.add(workflow("workflow input with negative events", "{\"source\": \"generate\", \"events\": -5}",
        ExitCode.INVALID_INPUT, "events"));
    corpus.add(workflow("workflow input with a quantile above 1", "{\"quantile\": 1.5}", ExitCode.INVALID_INPUT, "1.5"));
    // Values on the command line.
    corpus.add(command("amount beyond decimal(15,2)", ExitCode.INVALID_INPUT, "at most 9999999999999.99",
        "debug", "--model", "MODEL", "--user", "7", "--amount", "1e999"));
    corpus.add(command("quantile above 1", ExitCode.INVALID_INPUT, "Invalid quantile 1.5", "train", "--quantile", "1.5"));
    corpus.add(command("negative maintenance age", ExitCode.INVALID_INPUT, "--older-than", "maintain", "--older-than", "-1d"));
    corpus.add(command("reproduce an unknown model", ExitCode.NOT_FOUND, "Unknown model version 'v19990101000000'",
        "reproduce", "v19990101000000"));
    corpus.add(command("drift of an unknown model", ExitCode.NOT_FOUND, "Unknown model version 'v19990101000000'",
        "drift", "--model", "v19990101000000"));
    corpus.add(command("drift against an unknown snapshot", ExitCode.NOT_FOUND,
        "Snapshot 42 does not exist in table user_features", "drift", "--model", "MODEL", "--snapshot", "42"));
    corpus.add(command("drift with a KS threshold above 1", ExitCode.INVALID_INPUT, "Invalid KS threshold 1.5",
        "drift", "--model", "MODEL", "--ks-threshold", "1.5"));
    return corpus.stream();
  }

  private static BadInput command(String name, ExitCode code, String message, String... args) {
    return new BadInput(name, dir -> args, code, message);
  }

  private static BadInput csv(String name, String content, String message) {
    return bytes(name, "bad.csv", content.getBytes(StandardCharsets.UTF_8), message);
  }

  private static BadInput bytes(String name, String fileName, byte[] content, String message) {
    return new BadInput(
        name,
        dir -> new String[] {"ingest", write(dir.resolve(fileName), content).toString()},
        ExitCode.INVALID_INPUT,
        message);
  }

  private static BadInput parquet(String name, String select, String message) {
    return new BadInput(
        name,
        dir -> {
          Path file = dir.resolve("bad.parquet");
          try (Connection duck = DuckDb.open(); Statement statement = duck.createStatement()) {
            Files.deleteIfExists(file);
            statement.execute("COPY (" + select + ") TO " + SqlLiteral.path(file) + " (FORMAT parquet)");
          } catch (SQLException | IOException e) {
            throw new IllegalStateException(e);
          }
          return new String[] {"ingest", file.toString()};
        },
        ExitCode.INVALID_INPUT,
        message);
  }

  private static BadInput anomalies(String name, String content, String message) {
    return new BadInput(
        name,
        dir -> new String[] {"generate", "--users", "40", "--events", "400", "--days", "20", "--anomaly-file",
            write(dir.resolve("bad-anomalies.json"), content.getBytes(StandardCharsets.UTF_8)).toString()},
        ExitCode.INVALID_INPUT,
        message);
  }

  private static BadInput workflow(String name, String json, ExitCode code, String message) {
    return new BadInput(name, dir -> new String[] {"run", "--input", json}, code, message);
  }

  private static Path write(Path file, byte[] content) {
    try {
      return Files.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A header, then one 100 MB line. */
  private static Path hugeLine(Path dir) {
    Path file = dir.resolve("huge.csv");
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write((HEADER + "\n900000001,42,").getBytes(StandardCharsets.UTF_8));
      byte[] digits = new byte[1 << 20];
      java.util.Arrays.fill(digits, (byte) '7');
      for (int i = 0; i < 100; i++) {
        out.write(digits);
      }
      out.write(",7,2025-09-17T10:00:00Z\n".getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** Every table's snapshots, tags and current snapshot, as text. */
  private Map<FloeTable, String> history() {
    Map<FloeTable, String> history = new EnumMap<>(FloeTable.class);
    try (FloeCatalog catalog = FloeCatalog.open(cli.dataDir())) {
      for (FloeTable floeTable : FloeTable.values()) {
        if (!catalog.exists(floeTable)) {
          continue;
        }
        Table table = catalog.load(floeTable);
        List<Long> snapshots = new ArrayList<>();
        for (Snapshot snapshot : table.snapshots()) {
          snapshots.add(snapshot.snapshotId());
        }
        Map<String, Long> refs = new TreeMap<>();
        table.refs().forEach((name, ref) -> refs.put(name, ref.snapshotId()));
        history.put(floeTable, "snapshots " + snapshots + " refs " + refs + " current "
            + (table.currentSnapshot() == null ? null : table.currentSnapshot().snapshotId()));
      }
    }
    return history;
  }
}
