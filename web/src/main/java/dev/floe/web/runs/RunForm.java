package dev.floe.web.runs;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The run form as submitted (or the JSON body of {@code POST /api/runs}), checked field by field so
 * that every problem is shown next to its field at once.
 *
 * @param values the submitted text of each field, by field name
 */
public record RunForm(Map<String, String> values) {
  public static final String SOURCE = "source";
  public static final String USERS = "users";
  public static final String EVENTS = "events";
  public static final String DAYS = "days";
  public static final String END_DATE = "end_date";
  public static final String SEED = "seed";
  public static final String BATCHES = "batches";
  public static final String ANOMALY_FILE = "anomaly_file";
  public static final String INGEST_FILE = "ingest_file";
  public static final String QUANTILE = "quantile";
  public static final String WINDOW_START = "window_start";
  public static final String WINDOW_END = "window_end";
  public static final String FEATURE_NAME = "feature_name";

  /** Every field, in the order the form shows them. */
  public static final List<String> FIELDS =
      List.of(SOURCE, USERS, EVENTS, DAYS, END_DATE, SEED, BATCHES, ANOMALY_FILE, INGEST_FILE, QUANTILE,
          WINDOW_START, WINDOW_END, FEATURE_NAME);

  private static final Pattern FEATURE_NAME_PATTERN = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  public RunForm {
    values = Map.copyOf(values);
  }

  public static RunForm read(UnaryOperator<String> source) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String field : FIELDS) {
      String value = source.apply(field);
      if (value != null && !value.isBlank()) {
        values.put(field, value.trim());
      }
    }
    return new RunForm(values);
  }

  public String value(String field) {
    return values.get(field);
  }

  /**
   * The request, or the problems by field. {@code anomalyFiles} are the files the form may name,
   * by file name.
   */
  public Validation validate(Map<String, Path> anomalyFiles) {
    Checker checker = new Checker();
    RunSource source = checker.source();
    Integer users = checker.integer(USERS, 1, 100_000_000L);
    Long events = checker.whole(EVENTS, 1, 10_000_000_000L);
    Integer days = checker.integer(DAYS, 1, 3660);
    LocalDate endDate = checker.date(END_DATE);
    Long seed = checker.whole(SEED, Long.MIN_VALUE, Long.MAX_VALUE);
    Integer batches = checker.integer(BATCHES, 1, 10_000);
    Path anomalyFile = null;
    String anomalyName = value(ANOMALY_FILE);
    if (anomalyName != null) {
      anomalyFile = anomalyFiles.get(anomalyName);
      if (anomalyFile == null) {
        checker.fail(ANOMALY_FILE, "unknown anomaly file; choose one of " + String.join(", ", anomalyFiles.keySet()));
      } else if (source != RunSource.GENERATE) {
        checker.fail(ANOMALY_FILE, "anomalies are injected only into generated data");
      }
    }
    String ingestFile = value(INGEST_FILE);
    if (source == RunSource.INGEST && ingestFile == null) {
      checker.fail(INGEST_FILE, "is required to ingest a file");
    }
    if (source != RunSource.INGEST && ingestFile != null) {
      checker.fail(INGEST_FILE, "is used only when the source is ingest");
    }
    Double quantile = checker.fraction(QUANTILE);
    LocalDate windowStart = checker.date(WINDOW_START);
    LocalDate windowEnd = checker.date(WINDOW_END);
    if (windowStart != null && windowEnd != null && windowStart.isAfter(windowEnd)) {
      checker.fail(WINDOW_START, "must not be after window_end " + windowEnd);
    }
    String featureName = value(FEATURE_NAME);
    if (featureName != null && !FEATURE_NAME_PATTERN.matcher(featureName).matches()) {
      checker.fail(FEATURE_NAME, "expected a column name such as spending_mean_7d");
    }
    if (!checker.errors.isEmpty()) {
      return new Validation(null, checker.errors);
    }
    return new Validation(
        new RunRequest(source, users, events, days, endDate, seed, batches, anomalyFile,
            source == RunSource.INGEST ? ingestFile : null, quantile, windowStart, windowEnd, featureName),
        Map.of());
  }

  /** Either a request or, by field, what is wrong (in form order). */
  public record Validation(RunRequest request, Map<String, String> errors) {
    public Validation {
      errors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(errors));
    }

    public boolean isValid() {
      return request != null;
    }
  }

  private final class Checker {
    private final Map<String, String> errors = new LinkedHashMap<>();

    void fail(String field, String message) {
      errors.putIfAbsent(field, message);
    }

    RunSource source() {
      String value = value(SOURCE);
      if (value == null) {
        return RunSource.GENERATE;
      }
      for (RunSource each : RunSource.values()) {
        if (each.formValue().equals(value)) {
          return each;
        }
      }
      fail(SOURCE, "expected generate, ingest or existing, got " + quote(value));
      return RunSource.GENERATE;
    }

    Long whole(String field, long min, long max) {
      String value = value(field);
      if (value == null) {
        return null;
      }
      try {
        long parsed = Long.parseLong(value.replace("_", ""));
        if (parsed < min || parsed > max) {
          fail(field, "must be between " + min + " and " + max);
          return null;
        }
        return parsed;
      } catch (NumberFormatException e) {
        fail(field, "expected a whole number, got " + quote(value));
        return null;
      }
    }

    Integer integer(String field, long min, long max) {
      Long value = whole(field, min, max);
      return value == null ? null : value.intValue();
    }

    Double fraction(String field) {
      String value = value(field);
      if (value == null) {
        return null;
      }
      try {
        double parsed = Double.parseDouble(value);
        if (!(parsed > 0 && parsed <= 1)) {
          fail(field, "must be above 0 and at most 1, such as 0.995");
          return null;
        }
        return parsed;
      } catch (NumberFormatException e) {
        fail(field, "expected a number such as 0.995, got " + quote(value));
        return null;
      }
    }

    LocalDate date(String field) {
      String value = value(field);
      if (value == null) {
        return null;
      }
      try {
        return LocalDate.parse(value);
      } catch (DateTimeParseException e) {
        fail(field, "expected an ISO date such as 2025-09-17, got " + quote(value));
        return null;
      }
    }
  }

  private static String quote(String value) {
    return "'" + (value.length() > 60 ? value.substring(0, 60) + "…" : value) + "'";
  }
}
