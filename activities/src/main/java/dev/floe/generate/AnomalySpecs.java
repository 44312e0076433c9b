package dev.floe.generate;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.error.InvalidInputException;
import dev.floe.workflows.AnomalySpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads anomaly specs from a file, and holds the one set of rules a spec must satisfy, so a spec
 * read from a file and one arriving in a workflow's JSON input are judged alike.
 *
 * <p>A file holds a JSON array of spec objects, or a sequence of objects (one per line, or
 * pretty-printed one after another). Each object has {@code user_id} and {@code day}, and
 * optionally {@code multiplier} (default 5.0), {@code proportion} (default 0.5) and {@code n}.
 * Unknown fields are rejected rather than ignored: in a hand-written file they are almost always a
 * typo, which would otherwise silently fall back to a default.
 */
public final class AnomalySpecs {
  /** Caps that keep an anomalous amount inside decimal(15,2) and an added-event count sane. */
  static final double MAX_MULTIPLIER = 1_000_000;

  static final int MAX_N = 1_000_000;

  private static final Set<String> FIELDS =
      Set.of("user_id", "day", "multiplier", "proportion", "n");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private AnomalySpecs() {}

  /**
   * Reads a JSON array or JSON-lines file of specs; InvalidInputException names file, entry, field.
   */
  public static List<AnomalySpec> read(Path file) {
    return read(file, Integer.MAX_VALUE);
  }

  /**
   * As {@link #read(Path)}, also checking that every {@code day} falls in a window of {@code
   * windowDays} days, so that a spec outside it is named by its file and entry too.
   */
  public static List<AnomalySpec> read(Path file, int windowDays) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("Anomaly file " + file + " does not exist");
    } catch (IOException e) {
      throw new InvalidInputException(
          "Cannot read anomaly file " + file + ": " + e.getMessage(), e);
    }
    return parse(text, "Anomaly file " + file, windowDays);
  }

  /**
   * Parses specs from JSON text (an array, or objects one after another) with the same rules as a
   * file; {@code source} names where the text came from in every error, e.g. "Input field
   * 'anomalies'".
   */
  public static List<AnomalySpec> parse(String json, String source) {
    return parse(json, source, Integer.MAX_VALUE);
  }

  /** As {@link #parse(String, String)}, also checking every day against the window. */
  public static List<AnomalySpec> parse(String json, String source, int windowDays) {
    try (JsonParser parser = MAPPER.createParser(json)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return List.of();
      }
      return first == JsonToken.START_ARRAY
          ? readArray(source, parser, windowDays)
          : readSequence(source, parser, windowDays);
    } catch (JsonProcessingException e) {
      JsonLocation location = e.getLocation();
      String where = location == null ? "" : " line " + location.getLineNr();
      throw new InvalidInputException(
          source + where + ": malformed JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new InvalidInputException("Cannot read " + source + ": " + e.getMessage(), e);
    }
  }

  private static List<AnomalySpec> readArray(String source, JsonParser parser, int windowDays)
      throws IOException {
    List<AnomalySpec> specs = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      if (parser.currentToken() == null) {
        throw new InvalidInputException(source + ": the JSON array is not closed");
      }
      specs.add(readEntry(source, parser, specs.size() + 1, windowDays));
    }
    if (parser.nextToken() != null) {
      throw new InvalidInputException(
          source
              + " line "
              + parser.currentLocation().getLineNr()
              + ": unexpected content after the JSON array");
    }
    return List.copyOf(specs);
  }

  private static List<AnomalySpec> readSequence(String source, JsonParser parser, int windowDays)
      throws IOException {
    List<AnomalySpec> specs = new ArrayList<>();
    while (parser.currentToken() != null) {
      specs.add(readEntry(source, parser, specs.size() + 1, windowDays));
      parser.nextToken();
    }
    return List.copyOf(specs);
  }

  private static AnomalySpec readEntry(String source, JsonParser parser, int entry, int windowDays)
      throws IOException {
    String where =
        source
            + " entry "
            + entry
            + " (line "
            + parser.currentTokenLocation().getLineNr()
            + ")";
    JsonNode node = parser.readValueAsTree();
    if (node == null || !node.isObject()) {
      throw new InvalidInputException(
          where + ": expected a JSON object like {\"user_id\": 42, \"day\": 5}");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new InvalidInputException(
            where
                + ": unknown field '"
                + name
                + "' (expected user_id, day, multiplier, proportion, n)");
      }
    }
    long day = wholeNumber(node, "day", where);
    if (day != (int) day) {
      throw new InvalidInputException(where + ": day is out of range, got " + day);
    }
    AnomalySpec spec =
        new AnomalySpec(
            wholeNumber(node, "user_id", where),
            (int) day,
            decimal(node, "multiplier", AnomalySpec.DEFAULT_MULTIPLIER, where),
            decimal(node, "proportion", AnomalySpec.DEFAULT_PROPORTION, where),
            optionalCount(node, where));
    problem(spec, windowDays)
        .ifPresent(
            problem -> {
              throw new InvalidInputException(where + ": " + problem);
            });
    return spec;
  }

  /**
   * What is wrong with a spec in a window of {@code windowDays} days, if anything, naming the
   * field.
   */
  public static Optional<String> problem(AnomalySpec spec, int windowDays) {
    Optional<String> problem = problem(spec);
    if (problem.isPresent() || spec.day() < windowDays) {
      return problem;
    }
    return Optional.of(
        "day must be within the window of "
            + windowDays
            + " days (0 to "
            + (windowDays - 1)
            + "), got "
            + spec.day());
  }

  /** What is wrong with a spec whatever the window, if anything, naming the field. */
  public static Optional<String> problem(AnomalySpec spec) {
    if (spec.userId() < 0) {
      return Optional.of("user_id must be 0 or more, got " + spec.userId());
    }
    if (spec.day() < 0) {
      return Optional.of(
          "day must be 0 or more (a 0-based index into the window), got " + spec.day());
    }
    if (!(spec.multiplier() > 0) || spec.multiplier() > MAX_MULTIPLIER) {
      return Optional.of(
          "multiplier must be greater than 0 and at most "
              + (long) MAX_MULTIPLIER
              + ", got "
              + spec.multiplier());
    }
    if (!(spec.proportion() > 0) || spec.proportion() > 1) {
      return Optional.of(
          "proportion must be greater than 0 and at most 1, got " + spec.proportion());
    }
    if (spec.n() != null && (spec.n() < 1 || spec.n() > MAX_N)) {
      return Optional.of("n must be between 1 and " + MAX_N + ", got " + spec.n());
    }
    return Optional.empty();
  }

  private static long wholeNumber(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new InvalidInputException(where + ": " + field + " is missing");
    }
    if (!value.isNumber() || !value.canConvertToExactIntegral() || !value.canConvertToLong()) {
      throw new InvalidInputException(
          where + ": " + field + " must be a whole number, got " + value);
    }
    return value.asLong();
  }

  private static double decimal(JsonNode node, String field, double defaultValue, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return defaultValue;
    }
    if (!value.isNumber()) {
      throw new InvalidInputException(where + ": " + field + " must be a number, got " + value);
    }
    return value.asDouble();
  }

  private static Integer optionalCount(JsonNode node, String where) {
    JsonNode value = node.get("n");
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isNumber() || !value.canConvertToExactIntegral() || !value.canConvertToInt()) {
      throw new InvalidInputException(where + ": n must be a whole number, got " + value);
    }
    return value.asInt();
  }
}
