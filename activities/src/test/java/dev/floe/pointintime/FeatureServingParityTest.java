package dev.floe.pointintime;

import static dev.floe.features.RawEventsFixture.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.engine.SnapshotFiles;
import dev.floe.error.InvalidInputException;
import dev.floe.features.Featurizer;
import dev.floe.features.RawEventsFixture;
import dev.floe.features.RawEventsFixture.RawEvent;
import dev.floe.features.registry.FeatureDefinition;
import dev.floe.features.registry.FeatureDefinitions;
import dev.floe.features.registry.FeatureRegistry;
import dev.floe.models.ModelData;
import dev.floe.pointintime.TrainingSetBuilder.PointInTimeJoin;
import dev.floe.serving.EmbeddedOnlineStore;
import dev.floe.serving.OnlineFeatureService;
import dev.floe.serving.OnlineFeatures;
import dev.floe.serving.OnlineMaterializer;
import dev.floe.serving.OnlineStore;
import dev.floe.serving.RedisOnlineStore;
import dev.floe.serving.RedisServer;
import dev.floe.workflows.FeaturizeRequest;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shipped feature (features/*.json) served every way Floe serves features, on tricky data,
 * at several instants: the training set (equality join and ASOF join, with and without a TTL),
 * features as of an instant (rows and export), the offline lookup, the feature export, and the
 * online store embedded and in a real Redis, all equal to one oracle: the snapshot's own row of the
 * date the point-in-time rule picks, read straight from its files.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeatureServingParityTest {
  private static final Path SHIPPED = Path.of("..", "features");
  private static final LocalDate LAST = LocalDate.parse("2025-10-05");
  private static final Duration TTL = Duration.ofDays(2);
  /** 99 never spent anything. */
  private static final List<Long> USERS = List.of(1L, 2L, 3L, 4L, 5L, 6L, 99L);

  /** Instants the offline paths answer: before anything is known, midnights, and just before one. */
  private static final List<Instant> OFFLINE_ONLY =
      instants("2025-09-01T00:00:00Z", "2025-09-02T00:00:00Z", "2025-09-02T12:00:00Z", "2025-09-07T00:00:00Z",
          "2025-09-15T23:59:59.999999Z", "2025-10-04T23:59:59.999999Z");

  /**
   * Instants the online store answers too (it keeps each user's two newest rows, exact from the
   * start of the snapshot's newest day on): the last day's row not known yet, known, and past the TTL.
   */
  private static final List<Instant> ONLINE =
      instants("2025-10-05T00:00:00Z", "2025-10-05T18:00:00Z", "2025-10-05T23:59:59.999999Z", "2025-10-06T00:00:00Z",
          "2025-10-07T07:30:00Z", "2025-10-08T00:00:00Z", "2025-10-08T00:00:00.000001Z", "2025-10-20T00:00:00Z");

  @TempDir static Path dataDir;
  @TempDir static Path files;
  @TempDir static Path redisDir;

  private FloeCatalog catalog;
  private RedisServer redis;
  private List<String> features;
  private long snapshotId;
  private Map<String, Map<String, String>> snapshotRows;

  @BeforeAll
  void buildStore() throws Exception {
    catalog = FloeCatalog.open(dataDir);
    new RawEventsFixture(catalog).append(trickyEvents());
    List<FeatureDefinition> definitions = FeatureDefinitions.load(SHIPPED);
    new FeatureRegistry(catalog).apply(definitions, CommitLineage.direct("features-apply"));
    snapshotId =
        new Featurizer(catalog).featurize(new FeaturizeRequest(null), CommitLineage.direct("featurize")).snapshotId();
    features = definitions.stream().map(FeatureDefinition::name).sorted().toList();
    snapshotRows = snapshotRows();
    redis = RedisServer.start(redisDir);
  }

  @AfterAll
  void close() {
    if (redis != null) {
      redis.close();
    }
    catalog.close();
  }

  @Test
  void everyShippedFeatureIsServed() {
    assertThat(features).hasSize(14).contains("spending_mean_7d", "distinct_vendors_7d", "days_since_first_transaction");
  }

  @Test
  void trainingSetsOnBothJoinsEqualTheOracleWithAndWithoutTtl() throws Exception {
    List<Instant> instants = new ArrayList<>(OFFLINE_ONLY);
    instants.addAll(ONLINE);
    Path labels = labels(instants);
    for (PointInTimeJoin join : PointInTimeJoin.values()) {
      for (Duration ttl : java.util.Arrays.asList(null, TTL)) {
        Path out = files.resolve("set-" + join + "-" + ttl + ".parquet");
        new TrainingSetBuilder(catalog, join)
            .build(new TrainingSetRequest(labels, FeatureSnapshotChoice.current(), ttl, out, features));
        List<Map<String, Object>> rows = OutputRows.read(out);
        assertThat(rows).hasSize(instants.size() * USERS.size());
        assertThat(new ArrayList<>(rows.get(0).keySet()))
            .as("the label columns, feature_dt, then the features in the order asked")
            .containsExactlyElementsOf(columnsOf(List.of("user_id", "label", "as_of_ts", "feature_dt")));
        for (Map<String, Object> row : rows) {
          long user = ((Number) row.get("user_id")).longValue();
          Instant at = (Instant) row.get("as_of_ts");
          assertThat(answer(row.get("feature_dt"), row))
              .as("%s join, TTL %s: user %d at %s", join, ttl, user, at)
              .isEqualTo(oracle(user, at, ttl));
        }
      }
    }
  }

  @Test
  void featuresAsOfTheLookupAndTheExportsEqualTheOracle() {
    OfflineFeatures offline = new OfflineFeatures(catalog);
    List<Instant> instants = new ArrayList<>(OFFLINE_ONLY);
    instants.addAll(ONLINE);
    Map<String, Map<String, String>> exported = exportedRows();
    for (int i = 0; i < instants.size(); i++) {
      Instant at = instants.get(i);
      // One user lookup reads the registry and plans the snapshot: every third instant keeps the test short.
      boolean lookUp = i % 3 == 0 || i == instants.size() - 1;
      Map<Long, FeatureValue> asOf =
          offline.asOf(at, FeatureSnapshotChoice.current(), features).features().stream()
              .collect(Collectors.toMap(FeatureValue::userId, value -> value));
      Path out = files.resolve("as-of-" + at.toEpochMilli() + ".parquet");
      offline.export(at, FeatureSnapshotChoice.current(), features, out);
      Map<Long, Map<String, Object>> written = new HashMap<>();
      OutputRows.read(out).forEach(row -> written.put(((Number) row.get("user_id")).longValue(), row));
      for (long user : USERS) {
        String expected = oracle(user, at, null);
        FeatureValue row = asOf.get(user);
        assertThat(row == null ? "none" : answer(row.dt(), row.features()))
            .as("features as of %s, user %d", at, user).isEqualTo(expected);
        Map<String, Object> file = written.get(user);
        assertThat(file == null ? "none" : answer(file.get("feature_dt"), file))
            .as("features as of %s written to a file, user %d", at, user).isEqualTo(expected);
        if (!lookUp) {
          continue;
        }
        OfflineLookup lookup = offline.lookup(user, at, FeatureSnapshotChoice.current(), features);
        assertThat(lookup.found() ? answer(lookup.dt(), lookup.features()) : "none")
            .as("offline lookup of user %d at %s", user, at).isEqualTo(expected);
        if (lookup.found()) {
          assertThat(answer(lookup.dt(), exported.get(user + "|" + lookup.dt())))
              .as("the exported row of the date served").isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void theOnlineStoresEmbeddedAndInRedisEqualTheOracle() {
    try (OnlineStore embedded = new EmbeddedOnlineStore();
        OnlineStore inRedis = RedisOnlineStore.connect(redis.uri(), "floe-parity-" + UUID.randomUUID())) {
      for (OnlineStore store : List.of(embedded, inRedis)) {
        try (OnlineMaterializer materializer = new OnlineMaterializer(catalog, store)) {
          materializer.materialize(snapshotId);
        }
        for (Instant at : ONLINE) {
          OnlineFeatureService service = new OnlineFeatureService(store, TTL, Clock.fixed(at, ZoneOffset.UTC));
          List<OnlineFeatures> answers = service.lookup(USERS, features).features();
          for (OnlineFeatures online : answers) {
            String name = store.getClass().getSimpleName() + ", user " + online.userId() + " at " + at;
            assertThat(online.found() ? answer(online.dt(), online.features()) : "none")
                .as(name).isEqualTo(oracle(online.userId(), at, null));
            assertThat(online.stale()).as(name + ": stale").isEqualTo(expired(online.userId(), at));
          }
        }
      }
    }
  }

  @Test
  void aUserWhoseOnlyRowIsNotKnownYetIsNotFoundAnywhere() {
    Instant at = Instant.parse("2025-10-05T18:00:00Z");
    OnlineFeatureService service;
    try (OnlineStore store = new EmbeddedOnlineStore();
        OnlineMaterializer materializer = new OnlineMaterializer(catalog, store)) {
      materializer.materialize(snapshotId);
      service = new OnlineFeatureService(store, TTL, Clock.fixed(at, ZoneOffset.UTC));
      OnlineFeatures online = service.lookup(5, features);
      assertThat(online.found()).isFalse();
      assertThat(online.firstRowKnownFrom()).isEqualTo(Instant.parse("2025-10-06T00:00:00Z"));
      assertThat(online.features()).containsOnlyKeys(features).containsValues((Object) null);
    }
    OfflineLookup offline = new OfflineFeatures(catalog).lookup(5, at, FeatureSnapshotChoice.current(), features);
    assertThat(offline.found()).isFalse();
    assertThat(offline.features()).containsOnlyKeys(features);
  }

  @Test
  void aFeatureThatIsNotAppliedOrNotAColumnIsRefusedAndNothingIsWritten() throws Exception {
    Path labels = labels(List.of(Instant.parse("2025-10-06T00:00:00Z")));
    Path out = files.resolve("refused.parquet");
    TrainingSetBuilder builder = new TrainingSetBuilder(catalog);
    assertThatThrownBy(
            () -> builder.build(
                new TrainingSetRequest(
                    labels, FeatureSnapshotChoice.current(), null, out, List.of("spending_sum_7d", "spending_p99_7d"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Unknown feature 'spending_p99_7d': the applied features are ");
    assertThat(out).doesNotExist();

    Path later = files.resolve("later");
    Files.createDirectories(later);
    Files.writeString(
        later.resolve("spending_min_3d.json"),
        """
        {"name": "spending_min_3d", "entity": "user_id", "source": "raw_events", "aggregation": "min",
         "column": "amount", "window_days": 3, "type": "decimal(15,2)",
         "description": "Smallest amount in 3 days.", "owner": "fraud-team"}
        """);
    new FeatureRegistry(catalog).apply(FeatureDefinitions.load(later), CommitLineage.direct("features-apply"));
    assertThatThrownBy(
            () -> new OfflineFeatures(catalog)
                .lookup(1, Instant.parse("2025-10-06T00:00:00Z"), FeatureSnapshotChoice.snapshot(snapshotId),
                    List.of("spending_min_3d")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Feature 'spending_min_3d' is applied but not a column of user_features snapshot " + snapshotId
                + "; run 'floe featurize' to compute it");
    assertThatThrownBy(() -> new ModelData(catalog).features(snapshotId, List.of("spending_min_3d")))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void withoutASelectionEveryAnswerHasOnlyItsOldKeys() {
    Instant at = Instant.parse("2025-10-06T00:00:00Z");
    OfflineLookup lookup = new OfflineFeatures(catalog).lookup(1, at, FeatureSnapshotChoice.current());
    assertThat(lookup.features()).isNull();
    FeatureValue row = new OfflineFeatures(catalog).asOf(at, FeatureSnapshotChoice.current()).features().get(0);
    assertThat(row.features()).isNull();
    assertThat(lookup.spendingMean7d()).isEqualTo(new BigDecimal(snapshotRows.get("1|2025-10-05").get("spending_mean_7d")));
  }

  /** The oracle: the snapshot's row of the date the point-in-time rule picks, or "none". */
  private String oracle(long user, Instant at, Duration ttl) {
    LocalDate known = KnownTime.latestKnownDate(at);
    LocalDate dt = known.isAfter(LAST) ? LAST : known;
    Map<String, String> row = snapshotRows.get(user + "|" + dt);
    if (row == null) {
      return "none";
    }
    if (ttl != null && Duration.between(KnownTime.knownFrom(dt), at).compareTo(ttl) > 0) {
      return "none";
    }
    return dt + features.stream().map(name -> " " + name + "=" + row.get(name)).collect(Collectors.joining());
  }

  /** Whether the row the oracle picks is past the TTL (the online store's {@code stale}). */
  private boolean expired(long user, Instant at) {
    return !oracle(user, at, null).equals("none") && oracle(user, at, TTL).equals("none");
  }

  private String answer(Object dt, Map<String, ?> values) {
    if (dt == null) {
      assertThat(features.stream().map(values::get).toList()).as("no date, no values").containsOnlyNulls();
      return "none";
    }
    return text(dt) + features.stream().map(name -> " " + name + "=" + text(values.get(name))).collect(Collectors.joining());
  }

  private static String text(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate().toString();
    }
    if (value instanceof Number number) {
      return Long.toString(number.longValue());
    }
    return value.toString();
  }

  private List<String> columnsOf(List<String> first) {
    List<String> columns = new ArrayList<>(first);
    columns.addAll(features);
    return columns;
  }

  /** Every row of the snapshot, straight from its files, keyed "user|dt", values as text. */
  private Map<String, Map<String, String>> snapshotRows() throws Exception {
    SnapshotFiles snapshot = SnapshotFiles.of(catalog.load(FloeTable.USER_FEATURES), snapshotId);
    Path dump = files.resolve("snapshot.parquet");
    try (var connection = PointInTimeSql.open();
        var statement = connection.createStatement()) {
      statement.execute("COPY (SELECT * FROM " + snapshot.relationByColumnName() + ") TO '" + dump + "' (FORMAT parquet)");
    }
    Map<String, Map<String, String>> rows = new TreeMap<>();
    for (Map<String, Object> row : OutputRows.read(dump)) {
      Map<String, String> values = new LinkedHashMap<>();
      row.forEach((column, value) -> values.put(column, text(value)));
      rows.put(text(row.get("user_id")) + "|" + text(row.get("dt")), values);
    }
    return rows;
  }

  /** What export-features writes for the selection, keyed "user|dt". */
  private Map<String, Map<String, String>> exportedRows() {
    Path out = files.resolve("export.parquet");
    new ModelData(catalog).features(snapshotId, features).writeTo(out);
    Map<String, Map<String, String>> rows = new HashMap<>();
    List<Map<String, Object>> read = OutputRows.read(out);
    assertThat(new ArrayList<>(read.get(0).keySet())).containsExactlyElementsOf(columnsOf(List.of("user_id", "dt")));
    for (Map<String, Object> row : read) {
      Map<String, String> values = new LinkedHashMap<>();
      row.forEach((column, value) -> values.put(column, text(value)));
      rows.put(text(row.get("user_id")) + "|" + text(row.get("dt")), values);
    }
    assertThat(rows).hasSameSizeAs(snapshotRows);
    return rows;
  }

  private Path labels(List<Instant> instants) throws Exception {
    List<String> lines = new ArrayList<>();
    lines.add("user_id,label,as_of_ts");
    for (Instant at : instants) {
      for (long user : USERS) {
        lines.add(user + "," + (user % 2) + "," + at);
      }
    }
    Path file = files.resolve("labels-" + instants.size() + ".csv");
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  private static List<Instant> instants(String... texts) {
    return java.util.Arrays.stream(texts).map(Instant::parse).toList();
  }

  private static List<RawEvent> trickyEvents() {
    return List.of(
        // user 1: gaps, two events on one day at one vendor, another vendor later
        event(1, "7.00", "2025-09-01T10:00:00Z", 11),
        event(1, "7.00", "2025-09-02T10:00:00Z", 11),
        event(1, "0.05", "2025-09-02T11:00:00Z", 11),
        event(1, "4.00", "2025-09-06T23:59:59.999999Z", 12),
        event(1, "250.55", "2025-10-05T00:00:00Z", 11),
        // user 2: a single event, on the first day
        event(2, "3.50", "2025-09-01T00:00:00Z", 21),
        // user 3: day edges in far time zones
        event(3, "12.34", "2025-09-01T23:30:00-10:00", 31),
        event(3, "0.01", "2025-09-03T00:10:00+14:00", 32),
        // user 4: a refund, negative means
        event(4, "-3.50", "2025-09-10T12:00:00Z", 41),
        event(4, "-0.01", "2025-09-11T12:00:00Z", 41),
        event(4, "0.03", "2025-09-11T13:00:00Z", 42),
        // user 5: a single event on the last day, so its only row is not known before 2025-10-06
        event(5, "99999.99", "2025-10-05T23:59:59Z", 51),
        // user 6: the last two days
        event(6, "1.00", "2025-09-03T08:00:00Z", 61),
        event(6, "2.00", "2025-10-04T08:00:00Z", 62),
        event(6, "4.00", "2025-10-05T08:00:00Z", 61));
  }
}
