package dev.floe.features.registry;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.catalog.FloeTable;
import dev.floe.error.InvalidInputException;
import dev.floe.error.NotFoundException;
import dev.floe.error.StorageException;
import dev.floe.pointintime.TimeText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Reads and validates feature definition files: one JSON object per {@code *.json} file of a
 * folder. Every name a definition holds is checked against what exists (the entity, the source
 * table, its columns, the aggregations) before anything is applied, so the SQL generated from a
 * definition never carries a string a user wrote unchecked. A bad definition is one {@link
 * InvalidInputException} naming the file and the field.
 */
public final class FeatureDefinitions {
  static final String ENTITY = "user_id";
  static final int MAX_WINDOW_DAYS = 365;

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
  private static final Set<String> KEY_COLUMNS = Set.of("user_id", "dt");
  private static final List<String> FIELDS =
      List.of(
          "name",
          "entity",
          "source",
          "aggregation",
          "column",
          "window_days",
          "type",
          "description",
          "owner",
          "ttl");
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private FeatureDefinitions() {}

  /** Every definition in {@code directory}, in file-name order; all valid, names unique. */
  public static List<FeatureDefinition> load(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new NotFoundException("No such feature definition folder: " + directory);
    }
    List<Path> files;
    try (Stream<Path> listing = Files.list(directory)) {
      files =
          listing
              .filter(file -> file.getFileName().toString().endsWith(".json"))
              .filter(Files::isRegularFile)
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new StorageException("Cannot list " + directory + ": " + e.getMessage(), e);
    }
    if (files.isEmpty()) {
      throw new InvalidInputException(
          "Feature definition folder " + directory + " holds no definitions (*.json files)");
    }
    List<FeatureDefinition> definitions = new ArrayList<>();
    Map<String, String> fileOfName = new HashMap<>();
    for (Path file : files) {
      FeatureDefinition definition = parse(file.toString(), read(file));
      String earlier = fileOfName.putIfAbsent(definition.name(), definition.file());
      if (earlier != null) {
        throw invalid(
            definition.file(),
            "name",
            "feature '" + definition.name() + "' is also defined in " + earlier);
      }
      definitions.add(definition);
    }
    return List.copyOf(definitions);
  }

  /** One definition from the text of {@code file}. */
  public static FeatureDefinition parse(String file, String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(
          file + ": not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    if (!(root instanceof ObjectNode object)) {
      throw new InvalidInputException(file + ": a feature definition must be one JSON object");
    }
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (field.equals("sql")) {
        throw invalid(
            file, field, "custom SQL features are not supported yet; use an aggregation");
      }
      if (!FIELDS.contains(field)) {
        throw invalid(file, field, "unknown field; a definition has " + String.join(", ", FIELDS));
      }
    }
    String name = text(file, object, "name");
    if (!NAME.matcher(name).matches()) {
      throw invalid(
          file,
          "name",
          "'" + name + "' is not a column name: lower-case letters, digits and _, starting with a"
              + " letter, at most 63 characters");
    }
    if (KEY_COLUMNS.contains(name)) {
      throw invalid(file, "name", "'" + name + "' is a key column of user_features");
    }
    String entity = text(file, object, "entity");
    if (!entity.equals(ENTITY)) {
      throw invalid(file, "entity", "unknown entity '" + entity + "'; features are per " + ENTITY);
    }
    String source = text(file, object, "source");
    Schema sourceSchema = sourceSchema(file, source);
    String aggregationText = text(file, object, "aggregation");
    Aggregation aggregation = Aggregation.fromFileName(aggregationText);
    if (aggregation == null) {
      throw invalid(
          file,
          "aggregation",
          "unknown aggregation '" + aggregationText + "'; expected one of " + Aggregation.fileNames());
    }
    String column = column(file, object, aggregation, source, sourceSchema);
    Integer windowDays = windowDays(file, object, aggregation);
    Type.PrimitiveType type = type(file, object, aggregation);
    String description = text(file, object, "description");
    String owner = text(file, object, "owner");
    Duration ttl = null;
    if (object.has("ttl")) {
      try {
        ttl = TimeText.duration("ttl", text(file, object, "ttl"));
      } catch (InvalidInputException e) {
        throw invalid(file, "ttl", e.getMessage().replaceFirst("^ttl ", ""));
      }
    }
    return new FeatureDefinition(
        name,
        entity,
        source,
        aggregation,
        column,
        windowDays,
        type,
        description,
        owner,
        ttl,
        file);
  }

  private static Schema sourceSchema(String file, String source) {
    if (!source.equals(FloeTable.RAW_EVENTS.tableName())) {
      throw invalid(
          file,
          "source",
          "unknown source table '" + source + "'; features are computed from raw_events");
    }
    return FloeTable.RAW_EVENTS.schema();
  }

  private static String column(
      String file, ObjectNode object, Aggregation aggregation, String source, Schema schema) {
    if (aggregation.input() == Aggregation.Input.EVENTS) {
      if (object.has("column")) {
        throw invalid(
            file,
            "column",
            aggregation.fileName() + " is computed from the events themselves and takes no column");
      }
      return null;
    }
    String column = text(file, object, "column");
    Types.NestedField field = schema.findField(column);
    if (field == null) {
      throw invalid(
          file,
          "column",
          "unknown column '"
              + column
              + "' of "
              + source
              + "; its columns are "
              + schema.columns().stream().map(Types.NestedField::name).collect(Collectors.joining(", ")));
    }
    if (aggregation.input() == Aggregation.Input.MONEY_COLUMN
        && field.type().typeId() != Type.TypeID.DECIMAL) {
      throw invalid(
          file,
          "column",
          aggregation.fileName()
              + " needs an amount (a decimal column), but "
              + column
              + " is "
              + field.type());
    }
    return column;
  }

  private static Integer windowDays(String file, ObjectNode object, Aggregation aggregation) {
    if (aggregation.window() == Aggregation.Window.NONE) {
      if (object.has("window_days")) {
        throw invalid(file, "window_days", aggregation.fileName() + " takes no window");
      }
      return null;
    }
    JsonNode node = object.get("window_days");
    if (node == null || node.isNull()) {
      throw invalid(file, "window_days", "missing: " + aggregation.fileName() + " needs a window");
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt()
        || node.intValue() < 1 || node.intValue() > MAX_WINDOW_DAYS) {
      throw invalid(
          file,
          "window_days",
          "must be a whole number of days from 1 to " + MAX_WINDOW_DAYS + ", got " + node);
    }
    return node.intValue();
  }

  private static Type.PrimitiveType type(String file, ObjectNode object, Aggregation aggregation) {
    String text = text(file, object, "type");
    Type.PrimitiveType declared;
    try {
      declared = Types.fromPrimitiveString(text);
    } catch (IllegalArgumentException e) {
      throw invalid(file, "type", "unknown type '" + text + "'; expected for example long or decimal(15,2)");
    }
    if (!declared.equals(aggregation.resultType())) {
      throw invalid(
          file,
          "type",
          aggregation.fileName() + " produces " + aggregation.resultType() + ", not " + declared);
    }
    return declared;
  }

  private static String text(String file, ObjectNode object, String field) {
    JsonNode node = object.get(field);
    if (node == null || node.isNull()) {
      throw invalid(file, field, "missing");
    }
    if (!node.isTextual() || node.textValue().isBlank()) {
      throw invalid(file, field, "must be a non-empty string, got " + node);
    }
    return node.textValue().strip();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StorageException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static InvalidInputException invalid(String file, String field, String problem) {
    return new InvalidInputException(file + ": field '" + field + "': " + problem);
  }
}
