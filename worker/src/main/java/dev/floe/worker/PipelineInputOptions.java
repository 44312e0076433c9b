package dev.floe.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.error.InvalidInputException;
import dev.floe.workflows.FloeJson;
import dev.floe.workflows.PipelineInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The pipeline input of {@code floe run} and {@code floe start}: the same JSON object the Temporal
 * CLI sends (README, "Pipeline input"), inline or from a file.
 */
final class PipelineInputOptions {
  @ArgGroup(exclusive = true)
  private Source source;

  static final class Source {
    @Option(names = "--input", paramLabel = "JSON", description = "Pipeline input as JSON, e.g. '{\"users\": 500, \"events\": 50000}'.")
    String json;

    @Option(names = "--input-file", paramLabel = "FILE", description = "Pipeline input JSON from a file ('-' reads stdin).")
    Path file;
  }

  /**
   * The input, checked as the workflow will check it, so a bad one fails here before a run starts.
   * Relative file paths that exist here are made absolute: the worker may run elsewhere.
   */
  PipelineInput read() {
    PipelineInput input = parse(text());
    Map<String, String> problems = input.problems();
    if (!problems.isEmpty()) {
      throw new InvalidInputException("Invalid pipeline input: " + String.join("; ", problems.values()));
    }
    return new PipelineInput(input.source(), input.users(), input.events(), input.days(), input.endDate(),
        input.seed(), input.batches(), input.anomalyFiles().stream().map(PipelineInputOptions::absoluteIfHere).toList(),
        input.anomalies(), input.ingestFile() == null ? null : absoluteIfHere(input.ingestFile()), input.quantile(),
        input.windowStart(), input.windowEnd(), input.featureName(), input.onlineStore(), input.features());
  }

  private String text() {
    if (source == null) {
      return "{}";
    }
    if (source.json != null) {
      return source.json;
    }
    try {
      return source.file.toString().equals("-")
          ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
          : Files.readString(source.file);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("Input file " + source.file + " does not exist");
    } catch (IOException e) {
      throw new InvalidInputException("Cannot read input file " + source.file + ": " + e.getMessage(), e);
    }
  }

  static PipelineInput parse(String json) {
    try {
      JsonNode tree = FloeJson.mapper().readTree(json);
      if (tree == null || !tree.isObject()) {
        throw new InvalidInputException("Pipeline input must be a JSON object such as {\"source\": \"generate\"}, not "
            + (tree == null || tree.isMissingNode() ? "nothing" : tree.getNodeType().name().toLowerCase(Locale.ROOT)));
      }
      return FloeJson.mapper().treeToValue(tree, PipelineInput.class);
    } catch (JsonMappingException e) {
      String field = e.getPath().stream().map(reference -> reference.getFieldName() != null
          ? reference.getFieldName() : "[" + reference.getIndex() + "]").collect(Collectors.joining("."));
      throw new InvalidInputException("Pipeline input" + (field.isEmpty() ? "" : " field '" + field + "'")
          + " is not valid: " + e.getOriginalMessage(), e);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("Pipeline input is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static String absoluteIfHere(String file) {
    Path path = Path.of(file);
    return !path.isAbsolute() && Files.exists(path) ? path.toAbsolutePath().normalize().toString() : file;
  }
}
