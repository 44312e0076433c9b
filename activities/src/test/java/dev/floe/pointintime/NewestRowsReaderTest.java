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
 * {@link NewestRowsReader} reads only the snapshot's two newest dates when every user's two newest
 * rows are there, and the whole snapshot when they are not; either way it must give what a plain
 * scan of every row gives. The older dates' user ids it keeps are reused only while their files are.
 */
class NewestRowsReaderTest {
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

  private static List<NewestFeatureRows> byUser(NewestRowsReader.Read read) {
    List<NewestFeatureRows> rows = new ArrayList<>(read.rows());
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

      NewestRowsReader reader = new NewestRowsReader(catalog);
      NewestRowsReader.Read firstRead = reader.read(first.snapshotId());
      assertThat(byUser(firstRead)).isEqualTo(reference(firstRun));
      // Older than 09-05: the files of 09-01..09-04.
      assertThat(firstRead.wholeSnapshot()).isFalse();
      assertThat(firstRead.olderFilesRead()).isEqualTo(4);
      List<FeatureValue> all = new ArrayList<>(firstRun);
      all.addAll(secondRun);
      List<NewestFeatureRows> expected = reference(all);
      NewestRowsReader.Read secondRead = reader.read(second.snapshotId());
      assertThat(byUser(secondRead)).isEqualTo(expected);
      // Only 09-05 and 09-06 became older; a reader that saw nothing before reads all six.
      assertThat(secondRead.wholeSnapshot()).isFalse();
      assertThat(secondRead.olderFilesRead()).isEqualTo(2);
      assertThat(new NewestRowsReader(catalog).read(second.snapshotId()).olderFilesRead()).isEqualTo(6);
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

      NewestRowsReader.Read read = new NewestRowsReader(catalog).read(snapshot.snapshotId());
      List<NewestFeatureRows> latest = byUser(read);

      assertThat(read.wholeSnapshot()).isTrue();
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

      NewestRowsReader.Read read = new NewestRowsReader(catalog).read(snapshot.snapshotId());
      List<NewestFeatureRows> latest = byUser(read);

      assertThat(read.wholeSnapshot()).isTrue();
      assertThat(latest).isEqualTo(reference(rows));
      assertThat(latest.get(1).earlier().dt()).isEqualTo(LocalDate.parse("2025-09-04"));
    }
  }

  @Test
  void aRewrittenOlderDateIsReadAgainNotTakenFromWhatWasKept() {
    try (FloeCatalog catalog = FloeCatalog.open(dataDir)) {
      FeatureTableFixture fixture = new FeatureTableFixture(catalog);
      List<FeatureValue> rows = new ArrayList<>();
      rows.addAll(daily(1, "2025-09-01", "2025-09-08"));
      rows.addAll(daily(2, "2025-09-01", "2025-09-08"));
      Snapshot first = fixture.append(rows);
      NewestRowsReader reader = new NewestRowsReader(catalog);
      assertThat(reader.read(first.snapshotId()).wholeSnapshot()).isFalse();

      // A backfill rewrites 09-03 with a user that has no later row: the kept ids of the old
      // 09-03 file must not hide it.
      List<FeatureValue> backfilled = new ArrayList<>(daily(1, "2025-09-03", "2025-09-03"));
      backfilled.addAll(daily(2, "2025-09-03", "2025-09-03"));
      backfilled.add(row(9, "2025-09-03", "9.99"));
      Snapshot second = fixture.replaceDates(backfilled);
      NewestRowsReader.Read read = reader.read(second.snapshotId());

      List<FeatureValue> all = new ArrayList<>(rows);
      all.removeIf(r -> r.dt().equals(LocalDate.parse("2025-09-03")));
      all.addAll(backfilled);
      assertThat(byUser(read)).isEqualTo(reference(all));
      assertThat(read.wholeSnapshot()).isTrue();
      assertThat(read.olderFilesRead()).isEqualTo(6);
    }
  }
}
