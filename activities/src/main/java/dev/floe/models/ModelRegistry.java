package dev.floe.models;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.catalog.TableCommits;
import dev.floe.engine.DuckDb;
import dev.floe.engine.ParquetTableWriter;
import dev.floe.engine.SnapshotFiles;
import dev.floe.engine.SqlFile;
import dev.floe.engine.SqlStatement;
import dev.floe.error.InvalidInputException;
import dev.floe.error.NotFoundException;
import dev.floe.error.StorageException;
import dev.floe.workflows.Calibration;
import dev.floe.workflows.FeatureCalibration;
import dev.floe.workflows.FloeJson;
import dev.floe.workflows.ModelCard;
import dev.floe.workflows.RegisterRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotAncestryValidator;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.types.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registered models: one row each in {@code model_training_metadata}, plus a tag on the
 * user_features and raw_events snapshots the model names, so snapshot expiry never removes what a
 * model was trained on.
 *
 * <p>Registration happens once per run and step: a retried call finds the row its earlier attempt
 * committed (by the lineage in the snapshot summary) and returns the same card; tagging is
 * idempotent, so a retry also finishes tags an interrupted attempt did not get to.
 */
public final class ModelRegistry {
  /** Tags on the feature and raw snapshots are named this plus the model version. */
  public static final String TAG_PREFIX = "model-";

  /** The optional column holding a model's features when it has several, as JSON. */
  static final String FEATURES_COLUMN = "features";

  private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);
  private static final DateTimeFormatter VERSION_TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

  /** Concurrent registrations that each lose the race for a version second before giving up. */
  private static final int MAX_VERSION_CLAIMS = 20;

  private final FloeCatalog catalog;

  public ModelRegistry(FloeCatalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog is null");
  }

  /** Appends the model row and tags both snapshots; a retried call finds its own earlier row. */
  public ModelCard register(RegisterRequest request, CommitLineage lineage) {
    requireNonNull(lineage, "lineage is null");
    if (request == null || request.calibration() == null || request.startedAt() == null) {
      throw new InvalidInputException(
          "A model registration needs a calibration and the run's start time");
    }
    Calibration calibration = request.calibration();
    // Check both snapshots before writing anything, so a bad calibration registers nothing.
    Table userFeatures = catalog.load(FloeTable.USER_FEATURES);
    Table rawEvents = catalog.load(FloeTable.RAW_EVENTS);
    requireSnapshot(userFeatures, calibration.featureSnapshotId());
    requireSnapshot(rawEvents, calibration.rawEventsSnapshotId());

    Table models = catalog.loadOrCreate(FloeTable.MODEL_TRAINING_METADATA);
    if (!calibration.features().isEmpty()) {
      addFeaturesColumn(models);
    }
    String version =
        earlierVersion(models, lineage).orElseGet(() -> commitRow(models, request, lineage));
    tag(userFeatures, version, calibration.featureSnapshotId());
    tag(rawEvents, version, calibration.rawEventsSnapshotId());
    return find(version);
  }

  /** Every model, oldest first. */
  public List<ModelCard> list() {
    return read(catalog.load(FloeTable.MODEL_TRAINING_METADATA));
  }

  /** One model; NotFoundException naming the version when there is none. */
  public ModelCard find(String modelVersion) {
    requireNonNull(modelVersion, "modelVersion is null");
    List<ModelCard> models = list();
    return models.stream()
        .filter(card -> card.modelVersion().equals(modelVersion))
        .findFirst()
        .orElseThrow(() -> unknownVersion(modelVersion, models));
  }

  /** The version of {@code startedAt}: {@code v} + its UTC time to the second. */
  static String versionAt(Instant startedAt) {
    return "v" + VERSION_TIME.format(startedAt);
  }

  private static NotFoundException unknownVersion(String modelVersion, List<ModelCard> models) {
    if (models.isEmpty()) {
      return new NotFoundException(
          "Unknown model version '"
              + modelVersion
              + "': no model is registered yet; run 'floe train' first");
    }
    return new NotFoundException(
        "Unknown model version '"
            + modelVersion
            + "': known versions are "
            + models.stream().map(ModelCard::modelVersion).collect(Collectors.joining(", ")));
  }

  private static void requireSnapshot(Table table, long snapshotId) {
    if (table.snapshot(snapshotId) == null) {
      throw new NotFoundException(
          "Snapshot " + snapshotId + " does not exist in table " + table.name());
    }
  }

  private static Optional<String> earlierVersion(Table models, CommitLineage lineage) {
    Optional<String> version =
        TableCommits.findCommit(models, lineage)
            .map(snapshot -> snapshot.summary().get(CommitLineage.MODEL_VERSION));
    version.ifPresent(
        v ->
            LOG.info(
                "Model {} was already registered by {}; not registering it again", v, lineage));
    return version;
  }

  /**
   * Writes and commits the row under the first free version from the run's start second. The commit
   * claims the version against concurrent registrations; one that loses takes the next free second
   * and tries again.
   */
  private String commitRow(Table models, RegisterRequest request, CommitLineage lineage) {
    Instant trainedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    for (int claim = 1; ; claim++) {
      String version = firstFreeVersion(request.startedAt(), takenVersions(models));
      List<DataFile> files = writeRow(models, version, trainedAt, request.calibration(), lineage);
      try {
        Snapshot snapshot =
            TableCommits.append(
                models,
                files,
                lineage,
                Map.of(CommitLineage.MODEL_VERSION, version),
                new VersionClaim(version, lineage));
        LOG.info(
            "Registered model {} in snapshot {} of {}",
            version,
            snapshot.snapshotId(),
            models.name());
        return version;
      } catch (ValidationException e) {
        Optional<String> ours = earlierVersion(models, lineage);
        if (ours.isPresent()) {
          return ours.get();
        }
        if (claim >= MAX_VERSION_CLAIMS) {
          throw new StorageException(
              "Cannot claim a model version after " + claim + " attempts", e);
        }
        LOG.info("Model version {} was taken concurrently; trying the next free second", version);
      }
    }
  }

  private static String firstFreeVersion(Instant startedAt, Set<String> taken) {
    Instant second = startedAt.truncatedTo(ChronoUnit.SECONDS);
    while (taken.contains(versionAt(second))) {
      second = second.plusSeconds(1);
    }
    return versionAt(second);
  }

  /** Versions in the table's rows and in its snapshot history (a commit racing the row read). */
  private Set<String> takenVersions(Table models) {
    models.refresh();
    Set<String> taken = new HashSet<>();
    read(models).forEach(card -> taken.add(card.modelVersion()));
    models
        .snapshots()
        .forEach(
            snapshot -> {
              String version = snapshot.summary().get(CommitLineage.MODEL_VERSION);
              if (version != null) {
                taken.add(version);
              }
            });
    return taken;
  }

  /** The columns a single-feature model's row has: the table's columns before it evolved. */
  private static Schema seedColumns(Table models) {
    return models
        .schema()
        .select(
            FloeTable.MODEL_TRAINING_METADATA.schema().columns().stream()
                .map(Types.NestedField::name)
                .toList());
  }

  private static List<DataFile> writeRow(
      Table models,
      String version,
      Instant trainedAt,
      Calibration calibration,
      CommitLineage lineage) {
    Object[] row = {
          version,
          OffsetDateTime.ofInstant(trainedAt, ZoneOffset.UTC),
          calibration.featureSnapshotId(),
          calibration.rawEventsSnapshotId(),
          calibration.featureName(),
          calibration.threshold(),
          calibration.windowStart(),
          calibration.windowEnd(),
          calibration.quantile(),
          lineage.workflowId(),
          lineage.runId(),
          calibration.trainingRows(),
          calibration.featureMean(),
          calibration.featureStd(),
          calibration.sqlHash(),
          FloeVersion.current()
        };
    try (Connection duck = DuckDb.open()) {
      if (calibration.features().isEmpty()) {
        // Exactly the row of a model on one feature before models had several.
        return ParquetTableWriter.write(
            duck, models, seedColumns(models), SqlFile.load("model_row").text(), row);
      }
      Object[] withFeatures = new Object[row.length + 1];
      withFeatures[0] = featuresJson(calibration.features());
      System.arraycopy(row, 0, withFeatures, 1, row.length);
      return ParquetTableWriter.write(
          duck,
          models,
          models.schema(),
          SqlFile.load("model_row_with_features")
              .render(Map.of("model_row", SqlFile.load("model_row").text())),
          withFeatures);
    } catch (SQLException e) {
      throw new StorageException("Cannot write the model row: " + e.getMessage(), e);
    }
  }

  /** Tags {@code snapshotId} for the model, unless an earlier attempt already did. */
  private static void tag(Table table, String version, long snapshotId) {
    String name = TAG_PREFIX + version;
    table.refresh();
    SnapshotRef existing = table.refs().get(name);
    if (existing == null) {
      try {
        table.manageSnapshots().createTag(name, snapshotId).commit();
        LOG.info("Tagged snapshot {} of {} as {}", snapshotId, table.name(), name);
        return;
      } catch (IllegalArgumentException e) {
        // A concurrent attempt of this same registration created it first; check it below.
        table.refresh();
        existing = table.refs().get(name);
        if (existing == null) {
          throw e;
        }
      }
    }
    if (!existing.isTag() || existing.snapshotId() != snapshotId) {
      throw new IllegalStateException(
          "Ref "
              + name
              + " of "
              + table.name()
              + " points at snapshot "
              + existing.snapshotId()
              + ", not at "
              + snapshotId
              + " which model "
              + version
              + " names");
    }
  }

  private static List<ModelCard> read(Table models) {
    Map<String, Long> commits = new HashMap<>();
    models
        .snapshots()
        .forEach(
            snapshot -> {
              String version = snapshot.summary().get(CommitLineage.MODEL_VERSION);
              if (version != null) {
                commits.put(version, snapshot.snapshotId());
              }
            });
    SnapshotFiles files = SnapshotFiles.of(models, null);
    SqlStatement statement =
        SqlStatement.of(
            SqlFile.load("registered_models")
                .render(Map.of("model_training_metadata", files.relationByColumnName())));
    try (Connection duck = DuckDb.open()) {
      return statement.query(duck, row -> card(row, commits));
    } catch (SQLException e) {
      throw new StorageException("Cannot read " + models.name() + ": " + e.getMessage(), e);
    }
  }

  private static ModelCard card(ResultSet row, Map<String, Long> commits) throws SQLException {
    String version = row.getString("model_version");
    return new ModelCard(
        version,
        row.getObject("trained_at", OffsetDateTime.class).toInstant(),
        row.getLong("feature_snapshot_id"),
        row.getLong("raw_events_snapshot_id"),
        row.getString("feature_name"),
        row.getDouble("decision_threshold"),
        row.getObject("training_window_start", LocalDate.class),
        row.getObject("training_window_end", LocalDate.class),
        (Double) row.getObject("quantile"),
        row.getString("workflow_id"),
        row.getString("run_id"),
        (Long) row.getObject("training_rows"),
        (Double) row.getObject("feature_mean"),
        (Double) row.getObject("feature_std"),
        row.getString("sql_hash"),
        row.getString("floe_version"),
        commits.get(version),
        features(version, row.getString("features")));
  }

  private static List<FeatureCalibration> features(String version, String json) {
    if (json == null) {
      return List.of();
    }
    try {
      return List.of(FloeJson.mapper().readValue(json, FeatureCalibration[].class));
    } catch (JsonProcessingException e) {
      throw new StorageException(
          "Model " + version + " has a malformed features column: " + e.getOriginalMessage(), e);
    }
  }

  private static String featuresJson(List<FeatureCalibration> features) {
    try {
      return FloeJson.mapper().writeValueAsString(features);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write features as JSON", e);
    }
  }

  /**
   * Adds the optional column {@value #FEATURES_COLUMN} the first time a model on several features
   * is registered: a metadata change, no file is rewritten, and every earlier row reads it as null.
   */
  private static void addFeaturesColumn(Table models) {
    models.refresh();
    if (models.schema().findField(FEATURES_COLUMN) != null) {
      return;
    }
    try {
      models
          .updateSchema()
          .addColumn(
              FEATURES_COLUMN,
              Types.StringType.get(),
              "A model on several features: each feature's name, definition version, mean, std and"
                  + " threshold, as a JSON array; null for a model on one feature")
          .commit();
      LOG.info("Added column {} to {}", FEATURES_COLUMN, models.name());
    } catch (IllegalArgumentException | CommitFailedException e) {
      // A concurrent registration may have added it first.
      models.refresh();
      if (models.schema().findField(FEATURES_COLUMN) == null) {
        throw e;
      }
    }
  }

  /**
   * Refuses a commit that would land after another commit of the same version, or after this same
   * run's own registration (a concurrent attempt of it that won).
   */
  private record VersionClaim(String version, CommitLineage lineage)
      implements SnapshotAncestryValidator {
    @Override
    public boolean validate(Iterable<Snapshot> ancestors) {
      for (Snapshot snapshot : ancestors) {
        if (version.equals(snapshot.summary().get(CommitLineage.MODEL_VERSION))
            || lineage.madeBy(snapshot)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String errorMessage() {
      return "model version " + version + " was registered concurrently";
    }
  }
}
