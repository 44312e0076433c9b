package dev.floe.features.registry;

import static java.util.Objects.requireNonNull;

import dev.floe.engine.Sha256;
import java.time.Duration;
import java.util.Objects;
import org.apache.iceberg.types.Type;

/**
 * One feature as its definition file declares it, already validated by {@link
 * FeatureDefinitions}: every name in it is a known column, table or aggregation, so SQL can be
 * generated from it.
 *
 * @param name the user_features column, {@code [a-z][a-z0-9_]*}
 * @param entity the key the feature is computed per: {@code user_id}
 * @param source the table it is computed from: {@code raw_events}
 * @param column the source column aggregated, or null for aggregations over events
 * @param windowDays the window in UTC dates ending on the feature's date, or null
 * @param type the value's type, as the aggregation produces it
 * @param ttl how long after its date a value may still be served, or null for no limit
 * @param file the definition file, as named to {@code floe features apply}
 */
public record FeatureDefinition(
    String name,
    String entity,
    String source,
    Aggregation aggregation,
    String column,
    Integer windowDays,
    Type.PrimitiveType type,
    String description,
    String owner,
    Duration ttl,
    String file) {
  public FeatureDefinition {
    requireNonNull(name, "name is null");
    requireNonNull(entity, "entity is null");
    requireNonNull(source, "source is null");
    requireNonNull(aggregation, "aggregation is null");
    requireNonNull(type, "type is null");
    requireNonNull(description, "description is null");
    requireNonNull(owner, "owner is null");
    requireNonNull(file, "file is null");
  }

  /** The type as definition files and the registry write it: {@code decimal(15, 2)}, {@code long}. */
  public String dataType() {
    return type.toString();
  }

  /** The TTL in ISO-8601 ({@code PT168H}), or null. */
  public String ttlText() {
    return ttl == null ? null : ttl.toString();
  }

  /**
   * What the feature's values are computed from. Two definitions with the same computation give
   * the same column, whatever their description, owner or TTL say.
   */
  public String computation() {
    return String.join(
        "|",
        entity,
        source,
        aggregation.fileName(),
        Objects.toString(column, ""),
        Objects.toString(windowDays, ""),
        dataType());
  }

  /** Identifies this version of the definition: the computation and its metadata, not the file. */
  public String sha256() {
    return Sha256.of(
        String.join(
            "\n",
            name,
            computation(),
            description,
            owner,
            Objects.toString(ttlText(), "")));
  }
}
