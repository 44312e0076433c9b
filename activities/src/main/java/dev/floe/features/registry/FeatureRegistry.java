package dev.floe.features.registry;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.catalog.TableCommits;
import dev.floe.engine.DuckDb;
import dev.floe.engine.ParquetTableWriter;
import dev.floe.engine.SnapshotFiles;
import dev.floe.engine.SqlFile;
import dev.floe.error.InvalidInputException;
import dev.floe.error.StorageException;
import dev.floe.features.registry.FeatureApplyResult.AppliedFeature;
import dev.floe.features.registry.FeatureApplyResult.Change;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotAncestryValidator;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.types.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feature registry: the Iceberg table {@code feature_definitions}, one row per version of each
 * applied definition, and the user_features columns those definitions name.
 *
 * <p>Applying evolves user_features only by adding optional columns (Iceberg schema evolution, a
 * metadata change: no data file is rewritten, every earlier snapshot reads as before). A definition
 * whose computation changed is refused, because the column's existing values, and every model
 * trained on them, would no longer match it: a new computation takes a new name. Description,
 * owner and TTL may change; each change is a new version.
 */
public final class FeatureRegistry {
  /** The feature featurize has always computed, and the only computation its column may have. */
  public static final String BUILT_IN_FEATURE = "spending_mean_7d";

  private static final String BUILT_IN_COMPUTATION = "user_id|raw_events|mean|amount|7|decimal(15, 2)";
  private static final Logger LOG = LoggerFactory.getLogger(FeatureRegistry.class);

  private final FloeCatalog catalog;

  public FeatureRegistry(FloeCatalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog is null");
  }

  /** The newest version of every feature in the registry's current snapshot (none: empty). */
  public List<RegisteredFeature> list() {
    if (!catalog.exists(FloeTable.FEATURE_DEFINITIONS)) {
      return List.of();
    }
    return list(catalog.load(FloeTable.FEATURE_DEFINITIONS), null);
  }

  /** The newest version of every feature as registry snapshot {@code snapshotId} holds them. */
  public List<RegisteredFeature> list(long snapshotId) {
    return list(catalog.load(FloeTable.FEATURE_DEFINITIONS), snapshotId);
  }

  /**
   * Version {@code version} of feature {@code name} as the registry's current snapshot holds it:
   * the definition a model that recorded that version was computed by.
   */
  public Optional<RegisteredFeature> find(String name, int version) {
    if (!catalog.exists(FloeTable.FEATURE_DEFINITIONS)) {
      return Optional.empty();
    }
    return read(catalog.load(FloeTable.FEATURE_DEFINITIONS), null, "feature_definitions_versions")
        .stream()
        .filter(feature -> feature.name().equals(name) && feature.version() == version)
        .findFirst();
  }

  /**
   * Applies validated {@code definitions}: checks them against the registry and user_features,
   * adds the missing user_features columns, then records new features and changed definitions in
   * one registry snapshot. Applying the same definitions again changes nothing.
   */
  public FeatureApplyResult apply(List<FeatureDefinition> definitions, CommitLineage lineage) {
    requireNonNull(definitions, "definitions is null");
    requireNonNull(lineage, "lineage is null");
    // Nothing is created before every check has passed: a refused apply leaves the store as it was.
    Table existing =
        catalog.exists(FloeTable.FEATURE_DEFINITIONS)
            ? catalog.load(FloeTable.FEATURE_DEFINITIONS)
            : null;
    Snapshot base = existing == null ? null : existing.currentSnapshot();
    Map<String, RegisteredFeature> registered = new LinkedHashMap<>();
    if (base != null) {
      list(existing, base.snapshotId()).forEach(feature -> registered.put(feature.name(), feature));
    }

    Instant appliedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    List<AppliedFeature> applied = new ArrayList<>();
    List<RegisteredFeature> rows = new ArrayList<>();
    for (FeatureDefinition definition : definitions) {
      checkBuiltIn(definition);
      RegisteredFeature earlier = registered.get(definition.name());
      if (earlier == null) {
        rows.add(RegisteredFeature.of(definition, 1, appliedAt));
        applied.add(new AppliedFeature(definition.name(), 1, Change.ADDED, definition.file()));
        continue;
      }
      if (!earlier.computation().equals(definition.computation())) {
        throw new InvalidInputException(
            definition.file()
                + ": feature '"
                + definition.name()
                + "' is already applied (version "
                + earlier.version()
                + ", "
                + describe(earlier)
                + ") and its values were computed so; a different computation needs a new name");
      }
      if (earlier.definitionSha256().equals(definition.sha256())) {
        applied.add(
            new AppliedFeature(definition.name(), earlier.version(), Change.UNCHANGED, definition.file()));
        continue;
      }
      int version = earlier.version() + 1;
      rows.add(RegisteredFeature.of(definition, version, appliedAt));
      applied.add(new AppliedFeature(definition.name(), version, Change.UPDATED, definition.file()));
    }

    if (catalog.exists(FloeTable.USER_FEATURES)) {
      checkColumnTypes(catalog.load(FloeTable.USER_FEATURES), definitions);
    }
    List<String> addedColumns = evolveUserFeatures(definitions);
    Set<String> defined =
        definitions.stream().map(FeatureDefinition::name).collect(Collectors.toSet());
    List<String> kept =
        registered.keySet().stream().filter(name -> !defined.contains(name)).sorted().toList();
    if (rows.isEmpty()) {
      return new FeatureApplyResult(
          FloeTable.FEATURE_DEFINITIONS.tableName(),
          base == null ? null : base.snapshotId(),
          0,
          false,
          addedColumns,
          applied,
          kept);
    }
    Table registry = catalog.loadOrCreate(FloeTable.FEATURE_DEFINITIONS);
    Snapshot snapshot = commit(registry, base, rows, lineage);
    LOG.info(
        "Applied {} feature definitions in feature_definitions snapshot {}; added user_features"
            + " columns {}",
        rows.size(),
        snapshot.snapshotId(),
        addedColumns);
    return new FeatureApplyResult(
        FloeTable.FEATURE_DEFINITIONS.tableName(),
        snapshot.snapshotId(),
        rows.size(),
        true,
        addedColumns,
        applied,
        kept);
  }

  /**
   * Adds every defined feature user_features lacks as an optional column, in one schema change.
   * Runs before the registry commit and is idempotent, so an apply that failed between the two is
   * completed by the next.
   */
  private List<String> evolveUserFeatures(List<FeatureDefinition> definitions) {
    Table features = catalog.loadOrCreate(FloeTable.USER_FEATURES);
    checkColumnTypes(features, definitions);
    List<String> added = new ArrayList<>();
    UpdateSchema update = features.updateSchema();
    for (FeatureDefinition definition : definitions) {
      if (features.schema().findField(definition.name()) == null) {
        update.addColumn(definition.name(), definition.type(), definition.description());
        added.add(definition.name());
      }
    }
    if (!added.isEmpty()) {
      try {
        update.commit();
      } catch (CommitFailedException e) {
        throw new StorageException(
            "Cannot add columns to user_features: it changed meanwhile (" + e.getMessage() + ")"
                + "; run 'floe features apply' again",
            e);
      }
    }
    return List.copyOf(added);
  }

  /** A defined feature whose user_features column exists must have the column's type. */
  private static void checkColumnTypes(Table features, List<FeatureDefinition> definitions) {
    for (FeatureDefinition definition : definitions) {
      Types.NestedField column = features.schema().findField(definition.name());
      if (column != null && !column.type().equals(definition.type())) {
        throw new InvalidInputException(
            definition.file()
                + ": field 'type': user_features already has column "
                + definition.name()
                + " of type "
                + column.type()
                + ", not "
                + definition.type());
      }
    }
  }

  private static void checkBuiltIn(FeatureDefinition definition) {
    if (definition.name().equals(BUILT_IN_FEATURE)
        && !definition.computation().equals(BUILT_IN_COMPUTATION)) {
      throw new InvalidInputException(
          definition.file()
              + ": feature '"
              + BUILT_IN_FEATURE
              + "' is Floe's built-in feature and must be the mean of amount over a 7-day window"
              + " (decimal(15,2)); a different computation needs a new name");
    }
  }

  private static String describe(RegisteredFeature feature) {
    return feature.aggregation()
        + (feature.sourceColumn() == null ? "" : " of " + feature.sourceColumn())
        + (feature.windowDays() == null ? "" : " over " + feature.windowDays() + " days")
        + ", "
        + feature.dataType();
  }

  private static Snapshot commit(
      Table registry, Snapshot base, List<RegisteredFeature> rows, CommitLineage lineage) {
    List<DataFile> files = write(registry, rows);
    try {
      return TableCommits.append(
          registry,
          files,
          lineage,
          Map.of(CommitLineage.ROWS, Integer.toString(rows.size())),
          new Unchanged(base == null ? null : base.snapshotId()));
    } catch (ValidationException | CommitFailedException e) {
      throw new StorageException(
          "Cannot commit feature_definitions: another apply committed meanwhile ("
              + e.getMessage()
              + "); run 'floe features apply' again",
          e);
    }
  }

  private static List<DataFile> write(Table registry, List<RegisteredFeature> rows) {
    try (Connection duck = DuckDb.open()) {
      try (Statement create = duck.createStatement()) {
        create.execute(SqlFile.load("feature_definitions_table").text());
      }
      try (PreparedStatement insert =
          duck.prepareStatement(SqlFile.load("feature_definitions_insert").text())) {
        for (RegisteredFeature row : rows) {
          Object[] values = {
            row.name(),
            row.version(),
            row.entity(),
            row.sourceTable(),
            row.aggregation(),
            row.sourceColumn(),
            row.windowDays(),
            row.dataType(),
            row.description(),
            row.owner(),
            row.ttl(),
            row.definitionSha256(),
            row.definitionFile(),
            OffsetDateTime.ofInstant(row.appliedAt(), ZoneOffset.UTC)
          };
          for (int i = 0; i < values.length; i++) {
            insert.setObject(i + 1, values[i]);
          }
          insert.addBatch();
        }
        insert.executeBatch();
      }
      return ParquetTableWriter.write(duck, registry, SqlFile.load("feature_definitions_rows").text());
    } catch (SQLException e) {
      throw new StorageException("Cannot write feature definitions: " + e.getMessage(), e);
    }
  }

  private static List<RegisteredFeature> list(Table registry, Long snapshotId) {
    return read(registry, snapshotId, "feature_definitions_latest");
  }

  private static List<RegisteredFeature> read(Table registry, Long snapshotId, String sqlFile) {
    SnapshotFiles files = SnapshotFiles.of(registry, snapshotId);
    String sql =
        SqlFile.load(sqlFile).render(Map.of("feature_definitions", files.relation()));
    List<RegisteredFeature> features = new ArrayList<>();
    try (Connection duck = DuckDb.open();
        Statement statement = duck.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      while (row.next()) {
        features.add(
            new RegisteredFeature(
                row.getString("name"),
                row.getInt("version"),
                row.getString("entity"),
                row.getString("source_table"),
                row.getString("aggregation"),
                row.getString("source_column"),
                (Integer) row.getObject("window_days"),
                row.getString("data_type"),
                row.getString("description"),
                row.getString("owner"),
                row.getString("ttl"),
                row.getString("definition_sha256"),
                row.getString("definition_file"),
                row.getObject("applied_at", OffsetDateTime.class).toInstant()));
      }
    } catch (SQLException e) {
      throw new StorageException("Cannot read feature_definitions: " + e.getMessage(), e);
    }
    return List.copyOf(features);
  }

  /** Refuses a registry commit that would land on anything but the snapshot it was computed from. */
  private record Unchanged(Long baseSnapshotId) implements SnapshotAncestryValidator {
    @Override
    public boolean validate(Iterable<Snapshot> ancestors) {
      Iterator<Snapshot> newestFirst = ancestors.iterator();
      Long parent = newestFirst.hasNext() ? newestFirst.next().snapshotId() : null;
      return Objects.equals(parent, baseSnapshotId);
    }

    @Override
    public String errorMessage() {
      return "feature_definitions changed since snapshot " + baseSnapshotId;
    }
  }
}
