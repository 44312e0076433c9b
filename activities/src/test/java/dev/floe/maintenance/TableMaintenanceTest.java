package dev.floe.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.catalog.LocalFileIO;
import dev.floe.detect.DebugRequest;
import dev.floe.detect.Detector;
import dev.floe.engine.DuckDb;
import dev.floe.engine.QueryExport;
import dev.floe.engine.SnapshotFiles;
import dev.floe.engine.SqlFile;
import dev.floe.engine.SqlStatement;
import dev.floe.features.Featurizer;
import dev.floe.generate.EventGenerator;
import dev.floe.models.Calibrator;
import dev.floe.models.ModelData;
import dev.floe.models.ModelRegistry;
import dev.floe.models.ModelReproducer;
import dev.floe.workflows.CalibrateRequest;
import dev.floe.workflows.FeaturizeRequest;
import dev.floe.workflows.FloeJson;
import dev.floe.workflows.GenerateRequest;
import dev.floe.workflows.ModelCard;
import dev.floe.workflows.RegisterRequest;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableMaintenanceTest {
  private static final LocalDate END = LocalDate.parse("2025-09-30");

  @TempDir Path dataDir;
  @TempDir Path out;
  private FloeCatalog catalog;

  @BeforeEach
  void open() {
    catalog = FloeCatalog.open(dataDir);
  }

  @AfterEach
  void close() {
    catalog.close();
  }

  @Test
  void maintenanceKeepsEveryModelsDataBitIdenticalAndCleansTheRest() throws Exception {
    generate(1, END.minusDays(10), 2);
    featurize();
    ModelCard older = train(Instant.parse("2025-09-21T08:00:00Z"));
    generate(2, END.minusDays(3), 3);
    featurize();
    generate(3, END, 1);
    featurize();
    ModelCard newer = train(Instant.parse("2025-10-01T08:00:00Z"));
    Map<String, byte[]> before = everythingAbout(List.of(older, newer), "before");
    Map<FloeTable, String> contentBefore = currentContent();
    int rawFilesBefore = currentFiles(FloeTable.RAW_EVENTS);
    Path rawData = LocalFileIO.toPath(catalog.load(FloeTable.RAW_EVENTS).location());
    Path oldOrphan = orphan(rawData.resolve("data/crashed-write/part-1.parquet"), Duration.ofDays(-2));
    Path oldManifest = orphan(rawData.resolve("metadata/crashed-manifest.avro"), Duration.ofDays(-2));
    Path recentOrphan = orphan(rawData.resolve("data/in-progress/part-1.parquet"), Duration.ofHours(1));
    Path oldMetadataJson = orphan(rawData.resolve("metadata/99999-stray.metadata.json"), Duration.ofDays(-2));

    MaintenanceReport report =
        new TableMaintenance(catalog).maintain(Instant.now(), CommitLineage.direct("maintain"));

    Map<String, TableReport> byTable =
        report.tables().stream().collect(Collectors.toMap(TableReport::table, table -> table));
    TableReport raw = byTable.get("raw_events");
    // Days that only one batch saw have one file already; every other day's files become one.
    assertThat(raw.filesCompacted()).isGreaterThan(raw.filesWritten()).isPositive();
    assertThat(currentFiles(FloeTable.RAW_EVENTS))
        .isEqualTo(rawFilesBefore - raw.filesCompacted() + raw.filesWritten());
    assertThat(raw.snapshotsExpired()).isPositive();
    assertThat(raw.modelSnapshotsKept())
        .containsExactlyInAnyOrder(older.rawEventsSnapshotId(), newer.rawEventsSnapshotId());
    assertThat(raw.orphanFilesDeleted()).isEqualTo(2);
    assertThat(byTable.get("user_features").snapshotsExpired()).isPositive();
    assertThat(byTable.get("model_training_metadata").snapshotsExpired()).isZero();
    assertThat(byTable.get("model_training_metadata").filesWritten()).isEqualTo(1);

    // What every model reads is bit-identical; the tables' current rows are unchanged.
    Map<String, byte[]> after = everythingAbout(List.of(older, newer), "after");
    assertThat(after.keySet()).isEqualTo(before.keySet());
    before.forEach((name, bytes) -> assertThat(after.get(name)).as(name).isEqualTo(bytes));
    assertThat(currentContent()).isEqualTo(contentBefore);
    assertThat(new ModelRegistry(catalog).list()).containsExactly(older, newer);
    for (ModelCard model : List.of(older, newer)) {
      assertThat(new ModelReproducer(catalog).reproduce(model.modelVersion()).differences())
          .isEmpty();
    }

    // Left: the current snapshot and the snapshots models are tagged to, nothing else.
    for (FloeTable floeTable : List.of(FloeTable.RAW_EVENTS, FloeTable.USER_FEATURES)) {
      Table table = catalog.load(floeTable);
      Set<Long> held = new HashSet<>();
      held.add(table.currentSnapshot().snapshotId());
      table.refs().values().stream().filter(SnapshotRef::isTag).forEach(tag -> held.add(tag.snapshotId()));
      assertThat(StreamSupport.stream(table.snapshots().spliterator(), false).map(Snapshot::snapshotId))
          .as(floeTable.tableName())
          .containsExactlyInAnyOrderElementsOf(held);
    }
    assertThat(oldOrphan).doesNotExist();
    assertThat(oldOrphan.getParent()).doesNotExist();
    assertThat(oldManifest).doesNotExist();
    assertThat(recentOrphan).exists();
    assertThat(oldMetadataJson).exists();

    // The store goes on: new data is featurized and trained on, and a second pass finds nothing.
    generate(4, END.plusDays(1), 1);
    featurize();
    train(Instant.parse("2025-10-02T08:00:00Z"));
    MaintenanceReport again =
        new TableMaintenance(catalog).maintain(Instant.now(), CommitLineage.direct("maintain"));
    assertThat(again.tables()).allSatisfy(table -> assertThat(table.orphanFilesDeleted()).isZero());
  }

  @Test
  void aModelSnapshotWithoutItsTagStopsExpiryOfThatTable() {
    generate(1, END, 2);
    featurize();
    ModelCard model = train(Instant.parse("2025-10-01T08:00:00Z"));
    generate(2, END, 1);
    Table raw = catalog.load(FloeTable.RAW_EVENTS);
    raw.manageSnapshots().removeTag(ModelRegistry.TAG_PREFIX + model.modelVersion()).commit();

    MaintenanceReport report =
        new TableMaintenance(catalog).maintain(Instant.now(), CommitLineage.direct("maintain"));

    TableReport rawReport =
        report.tables().stream().filter(table -> table.table().equals("raw_events")).findFirst().orElseThrow();
    assertThat(rawReport.snapshotsExpired()).isZero();
    assertThat(rawReport.notes())
        .contains(
            "model "
                + model.modelVersion()
                + " names snapshot "
                + model.rawEventsSnapshotId()
                + ", which its tag model-"
                + model.modelVersion()
                + " does not hold");
    raw.refresh();
    assertThat(raw.snapshot(model.rawEventsSnapshotId())).isNotNull();
  }

  private void generate(long seed, LocalDate end, int batches) {
    new EventGenerator(catalog)
        .generate(
            new GenerateRequest(40, 3_000, 30, end, seed, batches, List.of()),
            CommitLineage.direct("generate"));
  }

  private void featurize() {
    new Featurizer(catalog).featurize(new FeaturizeRequest(null), CommitLineage.direct("featurize"));
  }

  private ModelCard train(Instant startedAt) {
    return new ModelRegistry(catalog)
        .register(
            new RegisterRequest(
                new Calibrator(catalog).calibrate(new CalibrateRequest(null, null, null, null, null)),
                startedAt),
            CommitLineage.direct("register"));
  }

  /** Every model's exports in both formats and as JSON lines, and debug reports, as bytes. */
  private Map<String, byte[]> everythingAbout(List<ModelCard> models, String prefix) throws Exception {
    ModelData data = new ModelData(catalog);
    Detector detector = new Detector(catalog);
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (ModelCard model : models) {
      String version = model.modelVersion();
      for (String extension : List.of("csv", "parquet")) {
        files.put(version + " training." + extension,
            export(data.trainingData(version), prefix + "-" + version + "-training." + extension));
        files.put(version + " raw." + extension,
            export(data.rawData(version), prefix + "-" + version + "-raw." + extension));
      }
      ByteArrayOutputStream jsonLines = new ByteArrayOutputStream();
      data.trainingData(version).writeJsonLines(jsonLines);
      files.put(version + " training.jsonl", jsonLines.toByteArray());
      for (long user = 0; user < 40; user += 9) {
        files.put(version + " debug " + user,
            FloeJson.mapper().writeValueAsBytes(
                detector.debug(new DebugRequest(version, user, new BigDecimal("123.45"), null, 14))));
      }
    }
    return files;
  }

  private byte[] export(QueryExport export, String name) throws Exception {
    Path file = out.resolve(name);
    export.writeTo(file);
    return Files.readAllBytes(file);
  }

  /** Row count and fingerprint of the current raw_events and user_features. */
  private Map<FloeTable, String> currentContent() throws Exception {
    Map<FloeTable, String> content = new LinkedHashMap<>();
    try (Connection duck = DuckDb.open()) {
      for (FloeTable table : List.of(FloeTable.RAW_EVENTS, FloeTable.USER_FEATURES)) {
        String sql = SqlFile.load(table.tableName() + "_fingerprint")
            .render(Map.of(table.tableName(), SnapshotFiles.of(catalog.load(table), null).relation()));
        content.put(table, SqlStatement.of(sql).queryOne(duck,
            row -> row.getLong("row_count") + " rows, " + row.getString("fingerprint")));
      }
    }
    return content;
  }

  private int currentFiles(FloeTable table) {
    return SnapshotFiles.of(catalog.load(table), null).paths().size();
  }

  private static Path orphan(Path file, Duration age) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "left by a writer that never committed");
    FileTime time = FileTime.from(Instant.now().plus(age));
    Files.setLastModifiedTime(file, time);
    Files.setLastModifiedTime(file.getParent(), time);
    return file;
  }
}
