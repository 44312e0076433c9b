package dev.floe.features.registry;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One version of a feature definition as the registry (table {@code feature_definitions}) holds
 * it. {@code version} counts the definition's applied changes, from 1; a model names it so its
 * features can be traced to the definition they were computed by.
 */
public record RegisteredFeature(
    String name,
    int version,
    String entity,
    String sourceTable,
    String aggregation,
    String sourceColumn,
    Integer windowDays,
    String dataType,
    String description,
    String owner,
    String ttl,
    String definitionSha256,
    String definitionFile,
    Instant appliedAt) {
  public RegisteredFeature {
    requireNonNull(name, "name is null");
    requireNonNull(entity, "entity is null");
    requireNonNull(sourceTable, "sourceTable is null");
    requireNonNull(aggregation, "aggregation is null");
    requireNonNull(dataType, "dataType is null");
    requireNonNull(description, "description is null");
    requireNonNull(owner, "owner is null");
    requireNonNull(definitionSha256, "definitionSha256 is null");
    requireNonNull(definitionFile, "definitionFile is null");
    requireNonNull(appliedAt, "appliedAt is null");
  }

  static RegisteredFeature of(FeatureDefinition definition, int version, Instant appliedAt) {
    return new RegisteredFeature(
        definition.name(),
        version,
        definition.entity(),
        definition.source(),
        definition.aggregation().fileName(),
        definition.column(),
        definition.windowDays(),
        definition.dataType(),
        definition.description(),
        definition.owner(),
        definition.ttlText(),
        definition.sha256(),
        definition.file(),
        appliedAt);
  }

  /** The same computation key as {@link FeatureDefinition#computation()}. */
  String computation() {
    return String.join(
        "|",
        entity,
        sourceTable,
        aggregation,
        sourceColumn == null ? "" : sourceColumn,
        windowDays == null ? "" : windowDays.toString(),
        dataType);
  }
}
