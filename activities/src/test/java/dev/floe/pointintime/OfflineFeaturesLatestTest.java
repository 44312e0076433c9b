package dev.floe.pointintime;

import static dev.floe.pointintime.FeatureTableFixture.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.FloeCatalog;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link OfflineFeatures#latest} reads only the snapshot's two newest dates when every user's two
 * newest rows are there, and the whole snapshot when they are not; either way it must give what a
 * plain scan of every row gives.
 */
class OfflineFeaturesLatestTest {
  @TempDir Path dataDir;

  /** Per user, the newest row and the newest one before it, by scanning every row. */
  static List<NewestFeatureRows> reference(List<FeatureValue> rows) {
    Map<Long, List<FeatureValue>> byUser = new TreeMap<>();
    for (FeatureValue row : rows) {
      byUser.computeIfAbsent(row.userId(), id -> new ArrayList<>()).add(row);
    }
    List<NewestFeatureRows> latest = new ArrayList<>();
    for (List<FeatureValue> userRows : byUser.values()) {
      userRows.sort(Comparator.comparing(FeatureValue::dt).reversed());
      latest.add(new NewestFeatureRows(userRows.get(0), userRows.size() > 1 ? userRows.get(1) : null));
    }
    return latest;
  }

  /** Gap-filled rows of {@code userId} for every date from {@code first} to {@code last}. */
  static List<FeatureValue> daily(long userId, String first, String last) {
    List<FeatureValue> rows = new ArrayList<>();
    for (LocalDate dt = LocalDate.parse(first); !dt.isAfter(LocalDate.parse(last)); dt = dt.plusDays(1)) {
      rows.add(row(userId, dt.toString(), userId + "." + String.format("%02d", dt.getDayOfMonth())));
    }
    return rows;
  }

  private List<NewestFeatureRows> latest(FloeCatalog catalog, Snapshot snapshot) {
    List<NewestFeatureRows> rows = new ArrayList<>(new OfflineFeatures(catalog).latest(snapshot.snapshotId()));
    rows.sort(Comparator.comparingLong(r -> r.newest().userId()));
    return rows;
  }

  @Test
  void gapFilledSnapshotsGiveWhatEveryRowGives() {
    try (FloeCatalog catalog = FloeCatalog.open(dataDir)) {
      FeatureTableFixture fixture = new FeatureTableFixture(catalog);
      // Users start on different days; user 4's first row is on the last date.
      List<FeatureValue> firstRun = new ArrayList<>();
      firstRun.addAll(daily(1, "2025-09-01", "2025-09-06"));
      firstRun.addAll(daily(2, "2025-09-03", "2025-09-06"));
      firstRun.addAll(daily(3, "2025-09-05", "2025-09-06"));
      firstRun.addAll(daily(4, "2025-09-06", "2025-09-06"));
      Snapshot first = fixture.append(firstRun);
      List<FeatureValue> secondRun = new ArrayList<>();
      secondRun.addAll(daily(1, "2025-09-07", "2025-09-08"));
      secondRun.addAll(daily(2, "2025-09-07", "2025-09-08"));
      secondRun.addAll(daily(3, "2025-09-07", "2025-09-08"));
      secondRun.addAll(daily(4, "2025-09-07", "2025-09-08"));
      secondRun.addAll(daily(5, "2025-09-08", "2025-09-08"));
      Snapshot second = fixture.append(secondRun);

      assertThat(latest(catalog, first)).isEqualTo(reference(firstRun));
      List<FeatureValue> all = new ArrayList<>(firstRun);
      all.addAll(secondRun);
      List<NewestFeatureRows> expected = reference(all);
      assertThat(latest(catalog, second)).isEqualTo(expected);
      // The reference itself has the shapes the fast path must get right.
      assertThat(expected).extracting(r -> r.earlier() == null ? null : r.earlier().dt().toString())
          .containsExactly("2025-09-07", "2025-09-07", "2025-09-07", "2025-09-07", null);
    }
  }

  @Test
  void aUserWithoutRowsOnTheLastDatesIsStillFound() {
    try (FloeCatalog catalog = FloeCatalog.open(dataDir)) {
      List<FeatureValue> rows = new ArrayList<>();
      rows.addAll(daily(1, "2025-09-01", "2025-09-08"));
      rows.addAll(daily(2, "2025-09-02", "2025-09-05")); // stops early: breaks the gap-filling invariant
      Snapshot snapshot = new FeatureTableFixture(catalog).append(rows);

      List<NewestFeatureRows> latest = latest(catalog, snapshot);

      assertThat(latest).isEqualTo(reference(rows));
      assertThat(latest.get(1).newest().dt()).isEqualTo(LocalDate.parse("2025-09-05"));
    }
  }

  @Test
  void aUserWithAGapBeforeTheLastDateGetsItsTrueEarlierRow() {
    try (FloeCatalog catalog = FloeCatalog.open(dataDir)) {
      List<FeatureValue> rows = new ArrayList<>();
      rows.addAll(daily(1, "2025-09-01", "2025-09-08"));
      rows.addAll(daily(2, "2025-09-01", "2025-09-04")); // no row on 09-05..09-07: breaks the invariant
      rows.addAll(daily(2, "2025-09-08", "2025-09-08"));
      Snapshot snapshot = new FeatureTableFixture(catalog).append(rows);

      List<NewestFeatureRows> latest = latest(catalog, snapshot);

      assertThat(latest).isEqualTo(reference(rows));
      assertThat(latest.get(1).earlier().dt()).isEqualTo(LocalDate.parse("2025-09-04"));
    }
  }
}
