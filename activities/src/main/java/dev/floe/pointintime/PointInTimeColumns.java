package dev.floe.pointintime;

import static java.util.Objects.requireNonNull;

import dev.floe.engine.SnapshotFiles;
import dev.floe.features.registry.FeatureSelection;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/**
 * The selected features' parts of the point-in-time statements, by placeholder name: the only place
 * feature columns are spliced into them, always from a {@link FeatureSelection}'s checked names and
 * fixed fragments. The default selection renders each statement as it always read.
 */
public record PointInTimeColumns(FeatureSelection selection) {
  private static final String BUILT_IN = FeatureSelection.DEFAULT.names().get(0);

  public static final PointInTimeColumns DEFAULT = new PointInTimeColumns(FeatureSelection.DEFAULT);

  public PointInTimeColumns {
    requireNonNull(selection, "selection is null");
  }

  /**
   * Every feature column of a user_features schema (all but user_id and dt: spending_mean_7d and the
   * applied features it was evolved with), spending_mean_7d first: what an online store keeps.
   */
  public static PointInTimeColumns allOf(Schema schema) {
    List<String> names = new ArrayList<>();
    names.add(BUILT_IN);
    schema.columns().stream()
        .map(Types.NestedField::name)
        .filter(name -> !name.equals("user_id") && !name.equals("dt") && !name.equals(BUILT_IN))
        .forEach(names::add);
    if (names.size() == 1) {
      return DEFAULT;
    }
    return new PointInTimeColumns(new FeatureSelection(names, Map.of()));
  }

  public List<String> names() {
    return selection.names();
  }

  /**
   * The snapshot's files as a relation: by column name unless only spending_mean_7d is read, which
   * every file has. A selected column was added by schema evolution, so older files lack it.
   */
  public String relation(SnapshotFiles files) {
    return selection.isDefault() ? files.relation() : files.relationByColumnName();
  }

  /** Every placeholder the point-in-time statements take for the features. */
  public Map<String, String> parts() {
    Map<String, String> parts = new HashMap<>();
    parts.put("feature_columns", each(name -> name, ", "));
    parts.put("f_feature_columns", each(name -> "f." + name, ",\n         "));
    parts.put("match_columns", each(name -> "m." + name, ", "));
    parts.put(
        "fresh_match_columns", each(name -> "CASE WHEN fresh THEN " + name + " END AS " + name, ",\n       "));
    parts.put(
        "fresh_feature_columns",
        each(
            name ->
                "CASE WHEN CAST(? AS BIGINT) IS NULL OR epoch_us(l.as_of_ts) - known_from_us(f.dt) <= CAST(? AS BIGINT)\n"
                    + "            THEN f." + name + " END AS " + name,
            ",\n       "));
    parts.put(
        "newest_feature_columns",
        each(PointInTimeColumns::newestAndEarlier, ",\n  "));
    return parts;
  }

  /**
   * A feature's value in the newest and the earlier row. arg_max skips a null value, which would
   * pair a row's date with an older row's value: a column added by schema evolution is null in the
   * files written before it, so its value is wrapped in a struct, which is never null. spending_mean_7d
   * is in every file, never null, and read plainly (the online store's load is measured).
   */
  private static String newestAndEarlier(String name) {
    if (name.equals(BUILT_IN)) {
      return "arg_max(" + name + ", dt) AS " + name + ",\n  arg_max(" + name + ", dt, 2)[2] AS earlier_" + name;
    }
    return "arg_max({'v': " + name + "}, dt).v AS " + name + ",\n  arg_max({'v': " + name + "}, dt, 2)[2].v AS earlier_"
        + name;
  }

  /** {@code parts} with the feature placeholders that {@code sql} uses added. */
  public Map<String, String> with(Map<String, String> parts) {
    Map<String, String> all = new HashMap<>(parts());
    all.putAll(parts);
    return all;
  }

  /** The TTL bound once per use in {@code fresh_feature_columns}: twice per feature. */
  public List<Object> ttlPerFeature(Long ttlMicros) {
    return new ArrayList<>(Collections.nCopies(2 * names().size(), ttlMicros));
  }

  private String each(Function<String, String> fragment, String separator) {
    return String.join(separator, names().stream().map(name -> fragment.apply(selection.column(name))).toList());
  }

  /**
   * These columns with spending_mean_7d first, which every JSON answer carries under its own key;
   * the others follow in the order selected.
   */
  public PointInTimeColumns withBuiltIn() {
    if (names().get(0).equals(BUILT_IN)) {
      return this;
    }
    List<String> names = new ArrayList<>();
    names.add(BUILT_IN);
    names().stream().filter(name -> !name.equals(BUILT_IN)).forEach(names::add);
    return new PointInTimeColumns(new FeatureSelection(names, selection.definitionVersions()));
  }

  /**
   * The selected features but spending_mean_7d of a result row, by name, each column read as
   * {@code prefix + name}: a decimal or a whole number, or null; null when no other is selected.
   */
  public Map<String, Object> extraFeatures(ResultSet row, String prefix) throws SQLException {
    if (names().size() == 1 && names().get(0).equals(BUILT_IN)) {
      return null;
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (String name : names()) {
      if (!name.equals(BUILT_IN)) {
        values.put(name, number(row.getObject(prefix + name)));
      }
    }
    return values;
  }

  /** A feature value as Floe hands it out: a decimal stays one, any whole number is a long. */
  private static Object number(Object value) {
    return value == null || value instanceof BigDecimal ? value : ((Number) value).longValue();
  }
}
