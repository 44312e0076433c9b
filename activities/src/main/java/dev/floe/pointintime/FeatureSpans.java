package dev.floe.pointintime;

import static java.util.Objects.requireNonNull;

import dev.floe.engine.SqlFile;
import dev.floe.engine.SqlStatement;
import java.sql.Connection;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each user's first and last feature date in one snapshot, loaded into the connection's temporary
 * table {@code feature_spans}, and whether every user's rows are gap-free: exactly one row for each
 * day from its first date to its last, as the featurizer writes them. Then the latest row known at
 * {@code t} is the one of {@code least(t's date - 1 day, last date)}, found by an equality join; any
 * other snapshot needs the ASOF join.
 */
final class FeatureSpans {
  /** Distinct dates are counted as one bit per day of the snapshot's range, per user: bounded. */
  static final long MAX_DAYS_CHECKED = 3_660;

  /**
   * What the check found: why the snapshot is not gap-free (null when it is), and the last date
   * every user's rows end on when they all end on the same one (else null).
   */
  record Coverage(String unevenness, LocalDate commonLastDate) {
    static Coverage uneven(String why) {
      return new Coverage(requireNonNull(why, "why is null"), null);
    }

    boolean gapFree() {
      return unevenness == null;
    }

    Optional<LocalDate> sameLastDate() {
      return Optional.ofNullable(commonLastDate);
    }
  }

  private FeatureSpans() {}

  /** Loads {@code feature_spans} from {@code files} and checks it. */
  static Coverage load(Connection connection, FeatureFiles files) {
    String features = files.files().relation();
    LocalDate firstDt = files.firstDt();
    LocalDate lastDt = files.lastDt();
    long days = firstDt == null ? 0 : ChronoUnit.DAYS.between(firstDt, lastDt);
    if (days > MAX_DAYS_CHECKED) {
      return Coverage.uneven(
          "its dates span " + days + " days (" + firstDt + " to " + lastDt + "), more than the "
              + MAX_DAYS_CHECKED + " the gap check covers");
    }
    create(connection, features, firstDt, days);
    return check(connection);
  }

  /**
   * Loads {@code feature_spans} alone, for statements that need each user's first and last date
   * once the snapshot's verdict is known (see {@link GapCheckVerdicts}).
   */
  static void loadSpans(Connection connection, FeatureFiles files) {
    LocalDate firstDt = files.firstDt();
    create(
        connection,
        files.files().relation(),
        firstDt,
        firstDt == null ? 0 : ChronoUnit.DAYS.between(firstDt, files.lastDt()));
  }

  private static void create(Connection connection, String features, LocalDate firstDt, long days) {
    PointInTimeSql.execute(
        connection,
        SqlStatement.of(
            SqlFile.load("feature_spans").render(Map.of("user_features", features)),
            firstDt == null ? LocalDate.EPOCH : firstDt,
            (int) days));
  }

  private static Coverage check(Connection connection) {
    List<String> uneven =
        SqlStatement.of(SqlFile.load("feature_spans_uneven").text())
            .query(
                connection,
                row ->
                    row.getLong("uneven_users") + " user(s) have rows that are not one per day from their"
                        + " first date to their last, e.g. user " + row.getObject("user_id") + ": "
                        + row.getLong("rows") + " row(s) on " + row.getLong("dates") + " date(s) from "
                        + row.getObject("first_dt", LocalDate.class) + " to "
                        + row.getObject("last_dt", LocalDate.class));
    if (!uneven.isEmpty()) {
      return Coverage.uneven(uneven.get(0));
    }
    LocalDate[] lastDates =
        SqlStatement.of(SqlFile.load("feature_spans_last_dates").text())
            .queryOne(
                connection,
                row ->
                    new LocalDate[] {
                      row.getObject("earliest_last_dt", LocalDate.class),
                      row.getObject("latest_last_dt", LocalDate.class)
                    });
    boolean sameEnd = lastDates[0] != null && lastDates[0].equals(lastDates[1]);
    return new Coverage(null, sameEnd ? lastDates[0] : null);
  }
}
