package dev.floe.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.FloeTable;
import dev.floe.worker.bench.PipelineBenchmark;
import dev.floe.worker.bench.ServingBenchmark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code floe bench} as a user runs it: JSON or the table, its directory deleted or kept, the
 * serving rows skipped on request. The benchmark itself is tested in {@code PipelineBenchmarkTest}.
 */
class BenchCommandTest {
  @TempDir Path directory;

  @Test
  void commandPrintsJsonAndDeletesItsDirectory() throws IOException {
    FloeCli cli = new FloeCli(directory.resolve("unused"));
    Path work = directory.resolve("work");
    JsonNode json =
        cli.ok(
                "bench",
                "--events",
                "2000",
                "--users",
                "50",
                "--days",
                "10",
                "--end-date",
                "2025-09-17",
                "--labels",
                "700",
                "--work-dir",
                work.toString())
            .json();

    assertThat(json.get("steps")).hasSize(4);
    assertThat(json.get("steps").get(1).get("step").asText()).isEqualTo("featurize");
    assertThat(json.get("steps").get(1).get("floe_seconds").asDouble()).isPositive();
    assertThat(json.get("pipeline").get("ratio").asDouble()).isPositive();
    assertThat(json.get("checks").findValuesAsText("output"))
        .contains("raw_events", "user_features", "threshold");
    assertThat(json.get("checks").findValuesAsText("identical")).containsOnly("true");
    assertThat(json.get("targets").findValuesAsText("met")).hasSize(7);
    assertThat(json.get("orchestrated").get("seconds").asDouble()).isPositive();
    assertThat(json.get("checks").findValuesAsText("output")).contains("training_set");
    JsonNode serving = json.get("serving");
    assertThat(serving.get("training_set").get("labels").asLong()).isEqualTo(700);
    assertThat(serving.get("training_set").get("ratio").asDouble()).isPositive();
    assertThat(serving.get("training_set").get("asof_ratio").asDouble()).isPositive();
    assertThat(serving.get("training_set").get("label_rows_per_second").asDouble()).isPositive();
    assertThat(serving.get("lookups")).hasSize(2);
    assertThat(serving.get("lookups").get(1).get("p99_millis").asDouble()).isPositive();
    assertThat(serving.get("freshness").get("millis")).hasSize(ServingBenchmark.FRESHNESS_ROUNDS);
    assertThat(serving.get("freshness").get("max_millis").asLong()).isPositive();
    assertThat(serving.get("redis_freshness").get("millis")).hasSize(ServingBenchmark.FRESHNESS_ROUNDS);
    assertThat(serving.get("redis_freshness").get("max_millis").asLong()).isPositive();
    try (Stream<Path> left = Files.list(work)) {
      assertThat(left).as("the benchmark directory is deleted").isEmpty();
    }
    assertThat(cli.dataDir()).as("bench ignores --data-dir").doesNotExist();
  }

  @Test
  void prettyPrintsTheTableKeepKeepsTheDataAndNoServingSkipsTheServingRows() throws IOException {
    Path work = directory.resolve("work");
    String table =
        new FloeCli(directory.resolve("unused"))
            .ok(
                "--pretty",
                "bench",
                "--events",
                "2000",
                "--users",
                "50",
                "--days",
                "10",
                "--work-dir",
                work.toString(),
                "--keep",
                "--no-serving")
            .stdout();

    assertThat(table)
        .contains(
            "orchestrated",
            "generate",
            "featurize",
            "calibrate",
            "register",
            "pipeline",
            "target",
            "data kept in")
        .doesNotContain("training-set", "freshness");
    try (Stream<Path> kept = Files.list(work)) {
      Path benchDirectory = kept.findFirst().orElseThrow();
      assertThat(PipelineBenchmark.floeDirectory(benchDirectory).resolve("catalog.db")).exists();
      assertThat(PipelineBenchmark.bareDirectory(benchDirectory, FloeTable.USER_FEATURES))
          .isDirectory();
    }
  }
}
