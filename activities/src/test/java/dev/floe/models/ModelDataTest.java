package dev.floe.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.detect.DebugRequest;
import dev.floe.detect.Detector;
import dev.floe.engine.QueryExport;
import dev.floe.engine.SqlStatement;
import dev.floe.error.InvalidInputException;
import dev.floe.error.NotFoundException;
import dev.floe.workflows.CalibrateRequest;
import dev.floe.workflows.Calibration;
import dev.floe.workflows.FloeJson;
import dev.floe.workflows.ModelCard;
import dev.floe.workflows.RegisterRequest;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDataTest {
  private static final LocalDate FIRST = LocalDate.parse("2025-08-01");

  @TempDir Path dataDir;
  @TempDir Path out;
  private FloeCatalog catalog;
  private FeatureFixture fixture;
  private Calibrator calibrator;
  private ModelRegistry registry;
  private ModelData data;
  private Detector detector;

  @BeforeEach
  void open() {
    catalog = FloeCatalog.open(dataDir);
    fixture = new FeatureFixture(catalog);
    calibrator = new Calibrator(catalog, () -> CalibratorTest.TEST_SQL_HASH);
    registry = new ModelRegistry(catalog);
    data = new ModelData(catalog);
    detector = new Detector(catalog);
  }

  @AfterEach
  void close() {
    catalog.close();
  }

  @Test
  void aModelsDataAndDecisionsStayExactAfterNewDataAndANewModel() throws Exception {
    long firstRaw = fixture.appendRawEvents(FIRST, 50);
    fixture.appendFeatures(firstRaw, FeatureFixture.randomFeatures(1, 20, FIRST, 40));
    ModelCard first = train(Instant.parse("2025-09-10T08:00:00Z"));
    Map<String, byte[]> before = everythingAbout(first, "before");

    // New raw data; the featurizer recomputes dates inside the first model's window and adds new
    // ones.
    long secondRaw = fixture.appendRawEvents(FIRST.plusDays(40), 30);
    fixture.replaceFeatures(
        secondRaw, FeatureFixture.randomFeatures(2, 25, FIRST.plusDays(19), 30));
    ModelCard second = train(Instant.parse("2025-09-20T08:00:00Z"));
    Map<String, byte[]> after = everythingAbout(first, "after");

    assertThat(after.keySet()).isEqualTo(before.keySet());
    before.forEach((name, bytes) -> assertThat(after.get(name)).as(name).isEqualTo(bytes));
    assertThat(registry.find(first.modelVersion())).isEqualTo(first);
    // The second model did see the new data: the comparison above is not vacuous.
    assertThat(second.featureSnapshotId()).isNotEqualTo(first.featureSnapshotId());
    assertThat(second.rawEventsSnapshotId()).isEqualTo(secondRaw);
    assertThat(export(data.trainingData(second.modelVersion()), "second.csv"))
        .isNotEqualTo(before.get("training.csv"));
    assertThat(data.rawData(second.modelVersion()).forEachRow(row -> {})).isEqualTo(80);
    assertThat(data.rawData(first.modelVersion()).forEachRow(row -> {})).isEqualTo(50);
  }

  @Test
  void trainingDataIsExactlyTheCalibratedRowsInDateAndUserOrder() throws Exception {
    long raw = fixture.appendRawEvents(FIRST, 5);
    fixture.appendFeatures(raw, FeatureFixture.randomFeatures(3, 4, FIRST, 35));
    ModelCard model = train(Instant.parse("2025-09-10T08:00:00Z"));

    List<Map<String, Object>> rows = new ArrayList<>();
    long count = data.trainingData(model.modelVersion()).forEachRow(rows::add);

    assertThat(count).isEqualTo(model.trainingRows()).isEqualTo(4 * 30);
    assertThat(rows.get(0))
        .containsOnlyKeys("user_id", "dt", "spending_mean_7d")
        .containsEntry("user_id", 0L)
        .containsEntry("dt", model.trainingWindowStart());
    assertThat(rows.get(1)).containsEntry("user_id", 1L);
    assertThat(rows.get(rows.size() - 1))
        .containsEntry("user_id", 3L)
        .containsEntry("dt", model.trainingWindowEnd());
    assertThat(rows.get(0).get("spending_mean_7d")).isInstanceOf(BigDecimal.class);
    List<String> csv =
        Files.readAllLines(exportPath("t.csv", data.trainingData(model.modelVersion())));
    assertThat(csv).hasSize(1 + 4 * 30);
    assertThat(csv.get(0)).isEqualTo("user_id,dt,spending_mean_7d");
    assertThat(csv.get(1)).startsWith("0," + model.trainingWindowStart() + ",");
  }

  @Test
  void rowsStreamAsJsonLinesWithIsoValues() {
    long raw = fixture.appendRawEvents(FIRST, 2);
    fixture.appendFeatures(raw, List.of(FeatureFixture.Feature.of(4, "2025-08-01", "12.30")));
    ModelCard model = train(Instant.parse("2025-09-10T08:00:00Z"));
    ByteArrayOutputStream features = new ByteArrayOutputStream();
    ByteArrayOutputStream rawEvents = new ByteArrayOutputStream();

    data.features(null).writeJsonLines(features);
    data.rawData(model.modelVersion()).writeJsonLines(rawEvents);

    assertThat(features.toString(StandardCharsets.UTF_8))
        .isEqualTo("{\"user_id\":4,\"dt\":\"2025-08-01\",\"spending_mean_7d\":12.30}\n");
    assertThat(rawEvents.toString(StandardCharsets.UTF_8).split("\n"))
        .containsExactly(
            "{\"id\":1,\"user_id\":0,\"amount\":1.00,\"vendor_id\":1,\"event_timestamp\":\"2025-08-01T00:00:00Z\"}",
            "{\"id\":2,\"user_id\":1,\"amount\":2.00,\"vendor_id\":1,\"event_timestamp\":\"2025-08-01T00:00:01Z\"}");
  }

  @Test
  void rawCsvHasIsoInstantsAndParquetKeepsTheTypes() throws Exception {
    long raw = fixture.appendRawEvents(FIRST, 2);
    fixture.appendFeatures(raw, List.of(FeatureFixture.Feature.of(4, "2025-08-01", "12.30")));
    ModelCard model = train(Instant.parse("2025-09-10T08:00:00Z"));

    List<String> csv =
        Files.readAllLines(exportPath("raw.csv", data.rawData(model.modelVersion())));
    Path parquet = exportPath("nested/dir/raw.parquet", data.rawData(model.modelVersion()));

    assertThat(csv)
        .containsExactly(
            "id,user_id,amount,vendor_id,event_timestamp",
            "1,0,1.00,1,2025-08-01T00:00:00.000000Z",
            "2,1,2.00,1,2025-08-01T00:00:01.000000Z");
    List<Map<String, Object>> back = new ArrayList<>();
    new QueryExport(
            SqlStatement.of(
                "SELECT typeof(amount) AS amount, typeof(event_timestamp) AS ts FROM"
                    + " read_parquet(?) LIMIT 1",
                parquet.toString()))
        .forEachRow(back::add);
    assertThat(back)
        .containsExactly(Map.of("amount", "DECIMAL(15,2)", "ts", "TIMESTAMP WITH TIME ZONE"));
    try (var files = Files.list(parquet.getParent())) {
      assertThat(files).containsExactly(parquet); // no temporary file left behind
    }
  }

  @Test
  void anExportToAnUnknownFormatIsRejectedAndWritesNothing() {
    long raw = fixture.appendRawEvents(FIRST, 2);
    fixture.appendFeatures(raw, List.of(FeatureFixture.Feature.of(4, "2025-08-01", "12.30")));

    assertThatThrownBy(() -> data.features(null).writeTo(out.resolve("features.json")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("features.json")
        .hasMessageContaining("must end in .csv or .parquet");
    assertThat(out).isEmptyDirectory();
  }

  @Test
  void anUnknownModelHasNoData() {
    long raw = fixture.appendRawEvents(FIRST, 2);
    fixture.appendFeatures(raw, List.of(FeatureFixture.Feature.of(4, "2025-08-01", "12.30")));
    train(Instant.parse("2025-09-10T08:00:00Z"));

    assertThatThrownBy(() -> data.trainingData("v1")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> data.rawData("v1")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> data.features(99L))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("Snapshot 99 does not exist");
  }

  private ModelCard train(Instant startedAt) {
    Calibration calibration =
        calibrator.calibrate(new CalibrateRequest(null, null, null, null, null));
    return registry.register(
        new RegisterRequest(calibration, startedAt), CommitLineage.direct("register"));
  }

  /** Every export of the model and a debug report, as bytes. */
  private Map<String, byte[]> everythingAbout(ModelCard model, String prefix) throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String extension : List.of("csv", "parquet")) {
      files.put(
          "training." + extension,
          export(data.trainingData(model.modelVersion()), prefix + "-training." + extension));
      files.put(
          "raw." + extension,
          export(data.rawData(model.modelVersion()), prefix + "-raw." + extension));
    }
    ByteArrayOutputStream jsonLines = new ByteArrayOutputStream();
    data.trainingData(model.modelVersion()).writeJsonLines(jsonLines);
    files.put("training.jsonl", jsonLines.toByteArray());
    for (long user = 0; user < 20; user += 7) {
      files.put(
          "debug-" + user,
          FloeJson.mapper()
              .writeValueAsBytes(
                  detector.debug(
                      new DebugRequest(
                          model.modelVersion(), user, new BigDecimal("123.45"), null, 14))));
    }
    return files;
  }

  private byte[] export(QueryExport export, String name) throws Exception {
    return Files.readAllBytes(exportPath(name, export));
  }

  private Path exportPath(String name, QueryExport export) {
    Path file = out.resolve(name);
    export.writeTo(file);
    return file;
  }
}
