package dev.floe.features;

import static dev.floe.features.RawEventsFixture.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.engine.DuckDb;
import dev.floe.engine.Sha256;
import dev.floe.engine.SnapshotFiles;
import dev.floe.engine.SqlLiteral;
import dev.floe.error.InvalidInputException;
import dev.floe.features.registry.FeatureApplyResult;
import dev.floe.features.registry.FeatureApplyResult.AppliedFeature;
import dev.floe.features.registry.FeatureApplyResult.Change;
import dev.floe.features.registry.FeatureDefinition;
import dev.floe.features.registry.FeatureDefinitions;
import dev.floe.features.registry.FeatureRegistry;
import dev.floe.features.registry.RegisteredFeature;
import dev.floe.workflows.FeaturizeRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code floe features apply} against real tables: the registry and user_features' evolution. */
class FeatureApplyTest {
  private static final Path SHIPPED = Path.of("..", "features");

  @TempDir Path dataDir;
  @TempDir Path folder;

  private FloeCatalog catalog;
  private RawEventsFixture raw;
  private FeatureRegistry registry;

  @BeforeEach
  void openCatalog() {
    catalog = FloeCatalog.open(dataDir.resolve("store"));
    raw = new RawEventsFixture(catalog);
    registry = new FeatureRegistry(catalog);
  }

  @AfterEach
  void closeCatalog() {
    catalog.close();
  }

  @Test
  void applyAddsColumnsWithoutRewritingAnyFileAndRecordsOneRegistrySnapshot() {
    long featureSnapshot = featurizedStore();
    Map<String, String> filesBefore = fileHashes(featureSnapshot);
    List<FeatureRow> rowsBefore = FeatureRow.read(SnapshotFiles.of(features(), featureSnapshot), "true");
    List<FeatureDefinition> shipped = FeatureDefinitions.load(SHIPPED);

    FeatureApplyResult result = apply(shipped);

    assertThat(result.committed()).isTrue();
    assertThat(result.features()).extracting(AppliedFeature::change).containsOnly(Change.ADDED);
    assertThat(result.features()).extracting(AppliedFeature::version).containsOnly(1);
    assertThat(result.addedColumns())
        .hasSize(shipped.size() - 1)
        .doesNotContain(FeatureRegistry.BUILT_IN_FEATURE);
    Table features = features();
    assertThat(features.currentSnapshot().snapshotId())
        .as("adding a column is a metadata change: no new snapshot")
        .isEqualTo(featureSnapshot);
    for (FeatureDefinition definition : shipped) {
      Types.NestedField column = features.schema().findField(definition.name());
      assertThat(column.type()).isEqualTo(definition.type());
      if (!definition.name().equals(FeatureRegistry.BUILT_IN_FEATURE)) {
        assertThat(column.isOptional()).isTrue();
        assertThat(column.doc()).isEqualTo(definition.description());
      }
    }
    assertThat(fileHashes(featureSnapshot)).isEqualTo(filesBefore);
    assertThat(FeatureRow.read(SnapshotFiles.of(features, featureSnapshot), "true"))
        .isEqualTo(rowsBefore);
    assertThat(registry.list())
        .extracting(RegisteredFeature::name)
        .containsExactlyElementsOf(shipped.stream().map(FeatureDefinition::name).sorted().toList());
    assertThat(catalog.load(FloeTable.FEATURE_DEFINITIONS).currentSnapshot().snapshotId())
        .isEqualTo(result.snapshotId());
  }

  @Test
  void applyingTheSameDefinitionsAgainChangesNothing() {
    featurizedStore();
    FeatureApplyResult first = apply(FeatureDefinitions.load(SHIPPED));
    int schemaId = features().schema().schemaId();

    FeatureApplyResult second = apply(FeatureDefinitions.load(SHIPPED));

    assertThat(second.committed()).isFalse();
    assertThat(second.snapshotId()).isEqualTo(first.snapshotId());
    assertThat(second.addedColumns()).isEmpty();
    assertThat(second.features()).extracting(AppliedFeature::change).containsOnly(Change.UNCHANGED);
    assertThat(features().schema().schemaId()).isEqualTo(schemaId);
    assertThat(catalog.load(FloeTable.FEATURE_DEFINITIONS).snapshots()).hasSize(1);
  }

  @Test
  void aChangedDescriptionIsANewVersionAndTheOldSnapshotKeepsTheOld() throws IOException {
    writeDefinition("sum.json", "spending_sum_7d", "sum", "Total spend.");
    FeatureApplyResult first = apply(FeatureDefinitions.load(folder));
    writeDefinition("sum.json", "spending_sum_7d", "sum", "Total spend on the last 7 dates.");

    FeatureApplyResult second = apply(FeatureDefinitions.load(folder));

    assertThat(second.features())
        .containsExactly(
            new AppliedFeature("spending_sum_7d", 2, Change.UPDATED, folder.resolve("sum.json").toString()));
    assertThat(registry.list())
        .singleElement()
        .satisfies(
            feature -> {
              assertThat(feature.version()).isEqualTo(2);
              assertThat(feature.description()).isEqualTo("Total spend on the last 7 dates.");
            });
    assertThat(registry.list(first.snapshotId()))
        .singleElement()
        .satisfies(
            feature -> {
              assertThat(feature.version()).isEqualTo(1);
              assertThat(feature.description()).isEqualTo("Total spend.");
            });
  }

  @Test
  void aChangedComputationIsRefusedAndNothingChanges() throws IOException {
    writeDefinition("f.json", "spending_x_7d", "sum", "Total spend.");
    FeatureApplyResult first = apply(FeatureDefinitions.load(folder));
    int schemaId = features().schema().schemaId();
    writeDefinition("f.json", "spending_x_7d", "max", "Largest amount.");

    assertThatThrownBy(() -> apply(FeatureDefinitions.load(folder)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            folder.resolve("f.json")
                + ": feature 'spending_x_7d' is already applied (version 1, sum of amount over 7"
                + " days, decimal(15, 2)) and its values were computed so; a different computation"
                + " needs a new name");
    assertThat(catalog.load(FloeTable.FEATURE_DEFINITIONS).currentSnapshot().snapshotId())
        .isEqualTo(first.snapshotId());
    assertThat(features().schema().schemaId()).isEqualTo(schemaId);
  }

  @Test
  void theBuiltInFeatureKeepsItsComputation() throws IOException {
    featurizedStore();
    writeDefinition("f.json", FeatureRegistry.BUILT_IN_FEATURE, "sum", "Not a mean.");
    int schemaId = features().schema().schemaId();

    assertThatThrownBy(() -> apply(FeatureDefinitions.load(folder)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(
            folder.resolve("f.json") + ": feature 'spending_mean_7d' is Floe's built-in feature");
    assertThat(catalog.exists(FloeTable.FEATURE_DEFINITIONS)
            && catalog.load(FloeTable.FEATURE_DEFINITIONS).currentSnapshot() != null)
        .isFalse();
    assertThat(features().schema().schemaId()).isEqualTo(schemaId);
  }

  @Test
  void featurizeAfterApplyKeepsSpendingMeanExactAndEarlierSnapshotsIdentical() {
    long before = featurizedStore();
    List<FeatureRow> rowsBefore = FeatureRow.read(SnapshotFiles.of(features(), before), "true");
    apply(FeatureDefinitions.load(SHIPPED));
    raw.append(
        event(1, "3.10", "2025-09-09T23:59:59Z"),
        event(3, "0.01", "2025-09-10T00:00:00+14:00"),
        event(4, "12.00", "2025-09-12T08:00:00Z"));

    long after =
        new Featurizer(catalog)
            .featurize(new FeaturizeRequest(null), CommitLineage.direct("featurize"))
            .snapshotId();

    assertThat(after).isNotEqualTo(before);
    assertThat(FeatureRow.read(SnapshotFiles.of(features(), after), "true"))
        .isEqualTo(SpendingMeanOracle.features(raw.appended()));
    assertThat(FeatureRow.read(SnapshotFiles.of(features(), before), "true")).isEqualTo(rowsBefore);
    // Featurize now computes every applied column, all into each file, in schema order.
    assertThat(parquetColumns(SnapshotFiles.of(features(), after)))
        .containsExactlyElementsOf(
            features().schema().columns().stream().map(Types.NestedField::name).toList());
    assertThat(parquetColumns(SnapshotFiles.of(features(), before)))
        .containsExactly("user_id", "dt", "spending_mean_7d");
  }

  private long featurizedStore() {
    raw.append(
        event(1, "7.00", "2025-09-01T10:00:00Z"),
        event(1, "7.00", "2025-09-02T23:59:59Z"),
        event(2, "1.00", "2025-09-02T00:00:00Z"),
        event(3, "250.55", "2025-09-01T23:30:00-10:00"),
        event(1, "4.00", "2025-09-06T10:00:00Z"));
    return new Featurizer(catalog)
        .featurize(new FeaturizeRequest(null), CommitLineage.direct("featurize"))
        .snapshotId();
  }

  private FeatureApplyResult apply(List<FeatureDefinition> definitions) {
    return registry.apply(definitions, CommitLineage.direct("features-apply"));
  }

  private Table features() {
    return catalog.load(FloeTable.USER_FEATURES);
  }

  private void writeDefinition(String file, String name, String aggregation, String description)
      throws IOException {
    Files.writeString(
        folder.resolve(file),
        """
        {"name": "%s", "entity": "user_id", "source": "raw_events", "aggregation": "%s",
         "column": "amount", "window_days": 7, "type": "decimal(15,2)",
         "description": "%s", "owner": "fraud-team"}
        """
            .formatted(name, aggregation, description));
  }

  /** Every data file of the snapshot with the SHA-256 of its bytes. */
  private Map<String, String> fileHashes(long snapshotId) {
    Map<String, String> hashes = new LinkedHashMap<>();
    for (String path : SnapshotFiles.of(features(), snapshotId).paths()) {
      try {
        hashes.put(path, Sha256.of(java.util.HexFormat.of().formatHex(Files.readAllBytes(Path.of(path)))));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return hashes;
  }

  /** The distinct leaf columns the Parquet files hold, in file order. */
  private static List<String> parquetColumns(SnapshotFiles files) {
    List<String> columns = new ArrayList<>();
    String list =
        files.paths().stream().map(SqlLiteral::quote).collect(Collectors.joining(", ", "[", "]"));
    try (Connection duck = DuckDb.open();
        Statement statement = duck.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT name AS column_name FROM parquet_schema(" + list + ")"
                    + " WHERE num_children IS NULL GROUP BY name ORDER BY min(field_id)")) {
      while (rows.next()) {
        columns.add(rows.getString("column_name"));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return columns;
  }
}
