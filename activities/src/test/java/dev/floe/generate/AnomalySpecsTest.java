package dev.floe.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.error.InvalidInputException;
import dev.floe.workflows.AnomalySpec;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AnomalySpecsTest {
  @TempDir Path dir;

  @Test
  void aJsonArrayIsReadWithDefaults() throws IOException {
    Path file =
        write(
            "specs.json",
            """
            [
              {"user_id": 42, "day": 5, "multiplier": 10, "n": 1},
              {"user_id": 7, "day": 0}
            ]
            """);

    assertThat(AnomalySpecs.read(file))
        .containsExactly(
            new AnomalySpec(42, 5, 10.0, 0.5, 1), new AnomalySpec(7, 0, 5.0, 0.5, null));
  }

  @Test
  void jsonLinesAndPrettyPrintedObjectsAreRead() throws IOException {
    Path lines =
        write(
            "lines.json",
            """
            {"user_id": 1, "day": 2, "proportion": 0.25}

            {"user_id": 3, "day": 4, "multiplier": 2.5}
            """);
    Path pretty =
        write(
            "pretty.json",
            """
            {
              "user_id": 1,
              "day": 2
            }
            """);

    assertThat(AnomalySpecs.read(lines))
        .containsExactly(
            new AnomalySpec(1, 2, 5.0, 0.25, null), new AnomalySpec(3, 4, 2.5, 0.5, null));
    assertThat(AnomalySpecs.read(pretty)).containsExactly(new AnomalySpec(1, 2, 5.0, 0.5, null));
  }

  @Test
  void theShippedFilesAreValid() throws URISyntaxException {
    assertThat(AnomalySpecs.read(resource("single_user.json")))
        .containsExactly(new AnomalySpec(42, 5, 10.0, 0.5, 1));
    assertThat(AnomalySpecs.read(resource("multiple_users.json")))
        .hasSizeGreaterThan(2)
        .extracting(AnomalySpec::userId)
        .doesNotHaveDuplicates();
  }

  @Test
  void anEmptyFileHoldsNoSpecs() throws IOException {
    assertThat(AnomalySpecs.read(write("empty.json", "  \n"))).isEmpty();
    assertThat(AnomalySpecs.read(write("array.json", "[]"))).isEmpty();
  }

  static Stream<Arguments> badSpecs() {
    return Stream.of(
        Arguments.of("{\"day\": 5}", "entry 2 (line 2): user_id is missing"),
        Arguments.of("{\"user_id\": 1}", "entry 2 (line 2): day is missing"),
        Arguments.of(
            "{\"user_id\": \"42\", \"day\": 5}",
            "entry 2 (line 2): user_id must be a whole number, got \"42\""),
        Arguments.of(
            "{\"user_id\": 1.5, \"day\": 5}",
            "entry 2 (line 2): user_id must be a whole number, got 1.5"),
        Arguments.of(
            "{\"user_id\": -1, \"day\": 5}", "entry 2 (line 2): user_id must be 0 or more, got -1"),
        Arguments.of(
            "{\"user_id\": 1, \"day\": -1}",
            "entry 2 (line 2): day must be 0 or more (a 0-based index into the window), got -1"),
        Arguments.of(
            "{\"user_id\": 1, \"day\": 5, \"multiplier\": 0}",
            "entry 2 (line 2): multiplier must be greater than 0 and at most 1000000, got 0.0"),
        Arguments.of(
            "{\"user_id\": 1, \"day\": 5, \"multiplier\": -2}",
            "entry 2 (line 2): multiplier must be greater than 0 and at most 1000000, got -2.0"),
        Arguments.of(
            "{\"user_id\": 1, \"day\": 5, \"multiplier\": \"big\"}",
            "entry 2 (line 2): multiplier must be a number, got \"big\""),
        Arguments.of(
            "{\"user_id\": 1, \"day\": 5, \"proportion\": 0}",
            "entry 2 (line 2): proportion must be greater than 0 and at most 1, got 0.0"),
        Arguments.of(
            "{\"user_id\": 1, \"day\": 5, \"proportion\": 1.5}",
            "entry 2 (line 2): proportion must be greater than 0 and at most 1, got 1.5"),
        Arguments.of(
            "{\"user_id\": 1, \"day\": 5, \"n\": 0}",
            "entry 2 (line 2): n must be between 1 and 1000000, got 0"),
        Arguments.of(
            "{\"user_id\": 1, \"day\": 5, \"n\": 2.5}",
            "entry 2 (line 2): n must be a whole number, got 2.5"),
        Arguments.of(
            "{\"user_id\": 1, \"day\": 5, \"multipler\": 3}",
            "entry 2 (line 2): unknown field 'multipler' (expected user_id, day, multiplier,"
                + " proportion, n)"),
        Arguments.of(
            "42", "entry 2 (line 2): expected a JSON object like {\"user_id\": 42, \"day\": 5}"),
        Arguments.of("{\"user_id\": 1, \"day\": 5,}", "line 2: malformed JSON: "));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badSpecs")
  void aBadSpecNamesTheFileTheEntryAndTheField(String secondLine, String message)
      throws IOException {
    Path file = write("bad.json", "{\"user_id\": 1, \"day\": 1}\n" + secondLine + "\n");

    assertThatThrownBy(() -> AnomalySpecs.read(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Anomaly file " + file + " " + message);
  }

  @Test
  void aBadEntryInAnArrayIsNamedByItsIndexAndLine() throws IOException {
    Path file =
        write(
            "array.json",
            """
            [
              {"user_id": 1, "day": 1},
              {"user_id": 2, "day": 2},
              {"user_id": 3, "day": 3, "proportion": 2}
            ]
            """);

    assertThatThrownBy(() -> AnomalySpecs.read(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Anomaly file "
                + file
                + " entry 3 (line 4): proportion must be greater than 0 and at most 1, got 2.0");
  }

  @Test
  void aDayOutsideTheWindowIsNamedByFileAndEntryWhenTheWindowIsKnown() throws IOException {
    Path file =
        write("late.json", "{\"user_id\": 1, \"day\": 2}\n{\"user_id\": 42, \"day\": 30}\n");

    assertThat(AnomalySpecs.read(file)).hasSize(2);
    assertThatThrownBy(() -> AnomalySpecs.read(file, 20))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Anomaly file "
                + file
                + " entry 2 (line 2): day must be within the window of 20 days (0 to 19), got 30");
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("nope.json");
    assertThatThrownBy(() -> AnomalySpecs.read(missing))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Anomaly file " + missing + " does not exist");
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(AnomalySpecsTest.class.getResource("/anomaly_files/" + name).toURI());
  }
}
