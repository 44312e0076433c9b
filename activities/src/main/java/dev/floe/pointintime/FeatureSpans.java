package dev.floe.pointintime;

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

  private FeatureSpans() {}

  /**
   * Loads {@code feature_spans} from {@code features} (a relation of user_features rows) and returns
   * why the snapshot is not gap-free, or empty when it is.
   */
  static Optional<String> loadAndFindUnevenness(Connection connection, String features) {
    List<LocalDate[]> range =
        SqlStatement.of(SqlFile.load("feature_date_range").render(Map.of("user_features", features)))
            .query(
                connection,
                row ->
                    new LocalDate[] {
                      row.getObject("first_dt", LocalDate.class), row.getObject("last_dt", LocalDate.class)
                    });
    LocalDate first = range.get(0)[0];
    LocalDate last = range.get(0)[1];
    long days = first == null ? 0 : ChronoUnit.DAYS.between(first, last);
    if (days > MAX_DAYS_CHECKED) {
      return Optional.of(
          "its dates span " + days + " days (" + first + " to " + last + "), more than the "
              + MAX_DAYS_CHECKED + " the gap check covers");
    }
    PointInTimeSql.execute(
        connection,
        SqlStatement.of(
            SqlFile.load("feature_spans").render(Map.of("user_features", features)),
            first == null ? LocalDate.EPOCH : first,
            (int) days));
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
    return uneven.stream().findFirst();
  }
}
