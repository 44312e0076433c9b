package dev.floe.features;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.stream.Collectors;

/** An inclusive range of dates. */
record DateRange(LocalDate start, LocalDate end) {
  DateRange {
    requireNonNull(start, "start is null");
    requireNonNull(end, "end is null");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("Invalid date range: " + start + " is after " + end);
    }
  }

  int days() {
    return Math.toIntExact(ChronoUnit.DAYS.between(start, end) + 1);
  }

  /** The fewest disjoint ranges that cover exactly {@code dates}, in date order. */
  static List<DateRange> covering(SortedSet<LocalDate> dates) {
    List<DateRange> ranges = new ArrayList<>();
    LocalDate start = null;
    LocalDate end = null;
    for (LocalDate date : dates) {
      if (end != null && date.equals(end.plusDays(1))) {
        end = date;
        continue;
      }
      if (start != null) {
        ranges.add(new DateRange(start, end));
      }
      start = date;
      end = date;
    }
    if (start != null) {
      ranges.add(new DateRange(start, end));
    }
    return ranges;
  }

  /**
   * The ranges as a DuckDB relation {@code (range_start DATE, range_end DATE)}. The dates come from
   * table metadata, never from a user, and ISO dates cannot break out of their quotes.
   */
  static String relation(List<DateRange> ranges) {
    if (ranges.isEmpty()) {
      return "(SELECT CAST(NULL AS DATE) AS range_start, CAST(NULL AS DATE) AS range_end WHERE"
          + " false)";
    }
    return ranges.stream()
        .map(range -> "(DATE '" + range.start + "', DATE '" + range.end + "')")
        .collect(
            Collectors.joining(
                ", ", "(SELECT * FROM (VALUES ", ") AS date_ranges(range_start, range_end))"));
  }
}
