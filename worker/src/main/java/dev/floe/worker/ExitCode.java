package dev.floe.worker;

import dev.floe.error.EmptyWindowException;
import dev.floe.error.FloeException;
import dev.floe.error.InvalidInputException;
import dev.floe.error.NotFoundException;
import dev.floe.error.StorageException;
import dev.floe.error.StorageFailures;
import java.util.Optional;

/**
 * The exit status of {@code floe}, one per kind of failure so scripts can tell them apart. The
 * README's table is generated from the same numbers; keep both in step.
 */
public enum ExitCode {
  OK(0, "success"),
  INTERNAL_ERROR(1, "a bug or an unexpected failure (FLOE_DEBUG=1 shows the stack trace)"),
  USAGE(2, "malformed command line: unknown command or option, missing or unparsable value"),
  INVALID_INPUT(3, "input that can never succeed as given: a bad file, row, anomaly spec or value"),
  NOT_FOUND(
      4, "something named does not exist: model version, user history, table, snapshot, file"),
  EMPTY_WINDOW(5, "the training window holds no feature rows"),
  STORAGE(6, "the storage engine failed (I/O, DuckDB, catalog); possibly transient, retry"),
  NOT_REPRODUCED(7, "a check found a difference: 'floe reproduce' could not reproduce the model");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  public String meaning() {
    return meaning;
  }

  /** The exit code for a failure raised while a command ran. */
  public static ExitCode of(Throwable failure) {
    Optional<FloeException> recognised = StorageFailures.recognise(failure);
    if (recognised.isEmpty()) {
      return INTERNAL_ERROR;
    }
    return ofFloe(recognised.get());
  }

  private static ExitCode ofFloe(FloeException failure) {
    if (failure instanceof InvalidInputException) {
      return INVALID_INPUT;
    }
    if (failure instanceof NotFoundException) {
      return NOT_FOUND;
    }
    if (failure instanceof EmptyWindowException) {
      return EMPTY_WINDOW;
    }
    if (failure instanceof StorageException) {
      return STORAGE;
    }
    return INTERNAL_ERROR;
  }
}
