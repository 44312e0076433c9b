package dev.floe.features.registry;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.FloeCatalog;
import dev.floe.error.InvalidInputException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * The features a request serves or a model trains on, checked once for every entry point (training
 * sets, features as of an instant, exports, offline and online lookups, {@code floe train}): each
 * must be applied in the registry and a column of the {@code user_features} snapshot read. Names
 * reach SQL only through a selection, so only checked column names are ever spliced into a statement.
 *
 * <p>{@link #DEFAULT} is {@code spending_mean_7d} alone, the feature Floe has always computed: a
 * column of every snapshot, applied or not, and what every entry point serves without a selection.
 *
 * @param names the features, in the order asked, each once
 * @param definitionVersions each feature's definition version in the registry; empty for {@link #DEFAULT}
 */
public record FeatureSelection(List<String> names, Map<String, Integer> definitionVersions) {
  public static final FeatureSelection DEFAULT =
      new FeatureSelection(List.of(FeatureRegistry.BUILT_IN_FEATURE), Map.of());

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  public FeatureSelection {
    names = List.copyOf(names);
    definitionVersions = Map.copyOf(definitionVersions);
    if (names.isEmpty()) {
      throw new IllegalArgumentException("A selection needs at least one feature");
    }
  }

  /**
   * The names of a {@code a,b,c} list as a user typed it for {@code field}; null when none was given
   * (the default selection). An empty item, a malformed name or a name given twice is refused.
   */
  public static List<String> parse(String field, String text) {
    if (text == null) {
      return null;
    }
    List<String> names = new ArrayList<>();
    for (String item : text.split(",", -1)) {
      String name = item.trim();
      if (!NAME.matcher(name).matches()) {
        throw new InvalidInputException(
            field + " '" + text + "' is not a comma-separated list of feature names (got '" + name + "')");
      }
      if (names.contains(name)) {
        throw new InvalidInputException(field + " '" + text + "' names feature '" + name + "' twice");
      }
      names.add(name);
    }
    return names;
  }

  /**
   * The selection of {@code requested} (null: {@link #DEFAULT}) on {@code user_features} snapshot
   * {@code snapshotId}, whose columns {@code schema} lists: every feature applied and a column of it,
   * else an InvalidInputException naming the first that is not. {@code [spending_mean_7d]} is the
   * default, whatever the registry holds.
   */
  public static FeatureSelection resolve(
      FloeCatalog catalog, List<String> requested, Schema schema, long snapshotId) {
    FeatureSelection applied = applied(catalog, requested);
    applied.requireColumnsOf(schema, snapshotId);
    return applied;
  }

  /** As {@link #resolve(FloeCatalog, List, Schema, long)} on snapshot {@code snapshotId} of {@code userFeatures}. */
  public static FeatureSelection resolve(
      FloeCatalog catalog, List<String> requested, Table userFeatures, long snapshotId) {
    return resolve(catalog, requested, schemaOf(userFeatures, snapshotId), snapshotId);
  }

  /** The columns snapshot {@code snapshotId}'s files hold: the schema current when it was committed. */
  public static Schema schemaOf(Table userFeatures, long snapshotId) {
    Snapshot snapshot = userFeatures.snapshot(snapshotId);
    Integer schemaId = snapshot == null ? null : snapshot.schemaId();
    Schema schema = schemaId == null ? null : userFeatures.schemas().get(schemaId);
    return schema == null ? userFeatures.schema() : schema;
  }

  /**
   * As {@link #resolve}, before a snapshot is chosen: every feature named once and applied. Check
   * the snapshot's columns with {@link #requireColumnsOf} once it is known.
   */
  public static FeatureSelection applied(FloeCatalog catalog, List<String> requested) {
    requireNonNull(catalog, "catalog is null");
    if (requested == null || requested.equals(DEFAULT.names)) {
      return DEFAULT;
    }
    if (requested.isEmpty()) {
      throw new InvalidInputException("A selection needs at least one feature");
    }
    if (new HashSet<>(requested).size() != requested.size()) {
      throw new InvalidInputException("Features " + String.join(",", requested) + " name a feature twice");
    }
    Map<String, Integer> registered = new LinkedHashMap<>();
    new FeatureRegistry(catalog).list().forEach(feature -> registered.put(feature.name(), feature.version()));
    List<String> unknown = requested.stream().filter(name -> !registered.containsKey(name)).toList();
    if (!unknown.isEmpty()) {
      throw new InvalidInputException(
          (unknown.size() == 1 ? "Unknown feature '" : "Unknown features '")
              + String.join("', '", unknown)
              + "': "
              + (registered.isEmpty()
                  ? "no feature is applied yet; run 'floe features apply' first"
                  : "the applied features are " + String.join(", ", registered.keySet())));
    }
    Map<String, Integer> versions = new LinkedHashMap<>();
    requested.forEach(name -> versions.put(name, registered.get(name)));
    return new FeatureSelection(requested, versions);
  }

  /**
   * Refuses a feature the snapshot has no column for: applied after the snapshot was built, its
   * values exist only once featurize has run again.
   */
  public void requireColumnsOf(Schema schema, long snapshotId) {
    requireNonNull(schema, "schema is null");
    for (String name : names) {
      if (schema.findField(name) == null) {
        throw new InvalidInputException(
            "Feature '"
                + name
                + "' is applied but not a column of user_features snapshot "
                + snapshotId
                + "; run 'floe featurize' to compute it");
      }
    }
  }

  public boolean isDefault() {
    return names.equals(DEFAULT.names);
  }

  /** Checked again where a name is spliced into SQL: nothing else ever reaches a statement. */
  static String checked(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalStateException("Not a feature column name: " + name);
    }
    return name;
  }

  /** {@code name} fit to splice into SQL: one of this selection's checked names. */
  public String column(String name) {
    if (!names.contains(name)) {
      throw new IllegalArgumentException("Feature " + name + " is not selected");
    }
    return checked(name);
  }
}
