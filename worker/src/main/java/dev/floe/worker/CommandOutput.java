package dev.floe.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.floe.workflows.FloeJson;
import java.io.PrintStream;
import java.util.function.Function;

/**
 * What a command prints on stdout: its result as JSON in Floe's one dialect (snake_case, ISO-8601
 * dates), or with {@code --pretty} a short summary written for a person. Nothing else goes to
 * stdout.
 */
final class CommandOutput {
  private final PrintStream out;
  private final FloeConfig.OutputStyle style;

  CommandOutput(PrintStream out, FloeConfig.OutputStyle style) {
    this.out = out;
    this.style = style;
  }

  <T> void print(T result, Function<? super T, String> summary) {
    out.println(
        style == FloeConfig.OutputStyle.PRETTY
            ? summary.apply(result).stripTrailing()
            : json(result));
    out.flush();
  }

  FloeConfig.OutputStyle style() {
    return style;
  }

  /** For rows streamed as JSON lines: too many to hold as one document. Flushed by the writer. */
  PrintStream stream() {
    return out;
  }

  static String json(Object result) {
    try {
      return FloeJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(result);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "Cannot write " + result.getClass().getSimpleName() + " as JSON", e);
    }
  }
}
