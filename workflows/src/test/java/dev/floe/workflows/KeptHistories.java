package dev.floe.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.NonDeterministicException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert;

/** What every replay test needs: the kept histories of a folder, and how replay reports a break. */
final class KeptHistories {
  private KeptHistories() {}

  /** A test environment that decodes payloads as every Floe worker does. */
  static TestWorkflowEnvironment replayEnvironment() {
    return TestWorkflowEnvironment.newInstance(
        TestEnvironmentOptions.newBuilder()
            .setWorkflowClientOptions(
                WorkflowClientOptions.newBuilder().setDataConverter(FloeDataConverter.instance()).build())
            .build());
  }

  /** The JSON histories directly in {@code resourceFolder} (e.g. "/histories"), sorted by name. */
  static Stream<Path> in(String resourceFolder) throws IOException, URISyntaxException {
    Path directory = Path.of(KeptHistories.class.getResource(resourceFolder).toURI());
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(file -> file.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  static WorkflowExecutionHistory read(Path history) throws IOException {
    return WorkflowExecutionHistory.fromJson(Files.readString(history));
  }

  /**
   * The replayer reports a non-determinism as a RuntimeException whose message carries the
   * NonDeterministicException (its class name and Temporal's TMPRL1100 code), not as a cause.
   */
  static void assertNonDeterministic(ThrowableAssert.ThrowingCallable replay) {
    Throwable failure = catchThrowable(replay);
    assertThat(failure).as("replay of a changed workflow").isNotNull();
    assertThat(Stream.iterate(failure, cause -> cause != null, Throwable::getCause))
        .as("cause chain of %s", failure)
        .anySatisfy(cause -> assertThat(cause instanceof NonDeterministicException
            || String.valueOf(cause.getMessage()).contains(NonDeterministicException.class.getName() + ": [TMPRL1100]"))
            .isTrue());
  }
}
