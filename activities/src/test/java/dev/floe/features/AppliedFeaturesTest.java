package dev.floe.features;

import static dev.floe.features.RawEventsFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.engine.DuckDb;
import dev.floe.engine.SnapshotFiles;
import dev.floe.features.RawEventsFixture.RawEvent;
import dev.floe.features.registry.Aggregation;
import dev.floe.features.registry.FeatureDefinition;
import dev.floe.features.registry.FeatureDefinitions;
import dev.floe.features.registry.FeatureRegistry;
import dev.floe.workflows.FeaturizeRequest;
import dev.floe.workflows.FeaturizeResult;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Featurize with applied definitions: every aggregation against a plain loop over the events, on
 * data with gaps, single-event users, negative and half-cent means, and events at day edges in far
 * time zones; a newly applied feature is backfilled without changing any other column's values.
 */
class AppliedFeaturesTest {
  private static final Path SHIPPED = Path.of("..", "features");

  @TempDir Path dataDir;
  @TempDir Path folder;

  private FloeCatalog catalog;
  private RawEventsFixture raw;

  @BeforeEach
  void openCatalog() throws IOException {
    catalog = FloeCatalog.open(dataDir);
    raw = new RawEventsFixture(catalog);
    try (var files = Files.list(SHIPPED)) {
      for (Path file : files.toList()) {
        Files.copy(file, folder.resolve(file.getFileName()));
      }
    }
    Files.writeString(
        folder.resolve("spending_min_3d.json"),
        """
        {"name": "spending_min_3d", "entity": "user_id", "source": "raw_events", "aggregation": "min",
         "column": "amount", "window_days": 3, "type": "decimal(15,2)",
         "description": "Smallest amount in 3 days.", "owner": "fraud-team"}
        """);
  }

  @AfterEach
  void closeCatalog() {
    catalog.close();
  }

  @Test
  void everyAggregationEqualsAPlainLoopOnTrickyData() {
    raw.append(trickyEvents());
    List<FeatureDefinition> definitions = apply();

    FeaturizeResult result = featurize();

    assertThat(result.committed()).isTrue();
    assertThat(read(result.snapshotId(), definitions)).isEqualTo(reference(raw.appended(), definitions));
    assertThat(featurize().committed()).as("featurizing the same raw snapshot again").isFalse();

    // Appends (a later day, and an earlier first event of a user) are featurized exactly too.
    raw.append(
        event(2, "8.88", "2025-10-12T05:00:00Z", 5),
        event(8, "1.00", "2025-08-20T23:59:59.999999Z", 5),
        event(8, "2.00", "2025-08-21T00:00:00+14:00", 6));
    FeaturizeResult again = featurize();
    assertThat(read(again.snapshotId(), definitions)).isEqualTo(reference(raw.appended(), definitions));
    assertThat(read(result.snapshotId(), definitions))
        .as("the earlier snapshot reads as it did")
        .isEqualTo(reference(raw.appended().subList(0, trickyEvents().size()), definitions));
  }

  @Test
  void aNewlyAppliedFeatureIsBackfilledWithoutChangingTheOthers() throws IOException {
    raw.append(trickyEvents());
    Path distinct = folder.resolve("distinct_vendors_7d.json");
    String distinctText = Files.readString(distinct);
    Files.delete(distinct);
    List<FeatureDefinition> without = apply();
    long before = featurize().snapshotId();
    Map<String, String> valuesBefore = read(before, without);

    Files.writeString(distinct, distinctText);
    List<FeatureDefinition> with = apply();
    long after = featurize().snapshotId();

    assertThat(after).isNotEqualTo(before);
    Map<String, String> valuesAfter = read(after, with);
    assertThat(valuesAfter).containsAllEntriesOf(valuesBefore);
    assertThat(valuesAfter).isEqualTo(reference(raw.appended(), with));
    assertThat(read(before, without)).isEqualTo(valuesBefore);
  }

  @Test
  void spendingMean7dIsExactlyTheBuiltInValue() {
    raw.append(trickyEvents());
    apply();

    long snapshot = featurize().snapshotId();

    assertThat(FeatureRow.read(SnapshotFiles.of(catalog.load(FloeTable.USER_FEATURES), snapshot), "true"))
        .isEqualTo(SpendingMeanOracle.features(raw.appended()));
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
        // user 3: still September 1st in Honolulu (September 2nd UTC); already September 3rd in
        // Kiribati (still September 2nd UTC)
        event(3, "12.34", "2025-09-01T23:30:00-10:00", 31),
        event(3, "0.01", "2025-09-03T00:10:00+14:00", 32),
        // user 4: a refund, negative means that round half away from zero
        event(4, "-3.50", "2025-09-10T12:00:00Z", 41),
        event(4, "-0.01", "2025-09-11T12:00:00Z", 41),
        event(4, "0.03", "2025-09-11T13:00:00Z", 42),
        // user 5: a single event on the last day
        event(5, "99999.99", "2025-10-05T23:59:59Z", 51),
        // user 6: a 30-day window's edge: days 1 and 31 apart
        event(6, "1.00", "2025-09-03T08:00:00Z", 61),
        event(6, "2.00", "2025-10-02T08:00:00Z", 62),
        event(6, "4.00", "2025-10-03T08:00:00Z", 61));
  }

  private List<FeatureDefinition> apply() {
    List<FeatureDefinition> definitions = FeatureDefinitions.load(folder);
    new FeatureRegistry(catalog).apply(definitions, CommitLineage.direct("features-apply"));
    return definitions;
  }

  private FeaturizeResult featurize() {
    return new Featurizer(catalog).featurize(new FeaturizeRequest(null), CommitLineage.direct("featurize"));
  }

  /** Every value of the definitions' columns in a snapshot, keyed "user|dt|feature". */
  private Map<String, String> read(long snapshotId, List<FeatureDefinition> definitions) {
    Map<String, String> values = new TreeMap<>();
    SnapshotFiles files = SnapshotFiles.of(catalog.load(FloeTable.USER_FEATURES), snapshotId);
    try (Connection duck = DuckDb.open();
        Statement statement = duck.createStatement();
        ResultSet rows = statement.executeQuery("SELECT * FROM " + files.relation())) {
      while (rows.next()) {
        String key = rows.getLong("user_id") + "|" + rows.getDate("dt").toLocalDate() + "|";
        for (FeatureDefinition definition : definitions) {
          values.put(key + definition.name(), rows.getString(definition.name()));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return values;
  }

  /** The same values by a plain loop over every user, date and window. */
  private static Map<String, String> reference(List<RawEvent> events, List<FeatureDefinition> definitions) {
    Map<Long, List<Integer>> byUser = new TreeMap<>();
    for (int i = 0; i < events.size(); i++) {
      byUser.computeIfAbsent(events.get(i).userId(), user -> new ArrayList<>()).add(i);
    }
    LocalDate last = events.stream().map(AppliedFeaturesTest::day).max(LocalDate::compareTo).orElseThrow();
    Map<String, String> values = new TreeMap<>();
    for (Map.Entry<Long, List<Integer>> user : byUser.entrySet()) {
      LocalDate first =
          user.getValue().stream().map(i -> day(events.get(i))).min(LocalDate::compareTo).orElseThrow();
      for (LocalDate dt = first; !dt.isAfter(last); dt = dt.plusDays(1)) {
        for (FeatureDefinition definition : definitions) {
          values.put(
              user.getKey() + "|" + dt + "|" + definition.name(),
              value(definition, events, user.getValue(), first, dt));
        }
      }
    }
    return values;
  }

  private static String value(
      FeatureDefinition definition, List<RawEvent> events, List<Integer> indexes, LocalDate first, LocalDate dt) {
    if (definition.aggregation() == Aggregation.DAYS_SINCE_FIRST) {
      return Long.toString(dt.toEpochDay() - first.toEpochDay());
    }
    LocalDate from = dt.minusDays(definition.windowDays() - 1);
    BigDecimal sum = BigDecimal.ZERO.setScale(2);
    BigDecimal max = null;
    BigDecimal min = null;
    long count = 0;
    Set<Long> vendors = new HashSet<>();
    for (int index : indexes) {
      RawEvent event = events.get(index);
      LocalDate day = day(event);
      if (day.isBefore(from) || day.isAfter(dt)) {
        continue;
      }
      sum = sum.add(event.amount());
      max = max == null || event.amount().compareTo(max) > 0 ? event.amount() : max;
      min = min == null || event.amount().compareTo(min) < 0 ? event.amount() : min;
      count++;
      // The fixture gives an event without a vendor 1 + id % 1000, ids counting from 1.
      vendors.add(event.vendorId() == null ? 1 + (index + 1) % 1000 : event.vendorId());
    }
    BigDecimal zero = BigDecimal.ZERO.setScale(2);
    return switch (definition.aggregation()) {
      case SUM -> sum.toPlainString();
      case MEAN -> sum.divide(BigDecimal.valueOf(definition.windowDays()), 2, RoundingMode.HALF_UP).toPlainString();
      case COUNT -> Long.toString(count);
      case MAX -> (max == null ? zero : max.setScale(2)).toPlainString();
      case MIN -> (min == null ? zero : min.setScale(2)).toPlainString();
      case COUNT_DISTINCT -> Integer.toString(vendors.size());
      case DAYS_SINCE_FIRST -> throw new IllegalStateException("handled above");
    };
  }

  private static LocalDate day(RawEvent event) {
    return event.timestamp().atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
  }
}
