package dev.floe.error;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.Optional;
import org.apache.iceberg.exceptions.RuntimeIOException;
import org.apache.iceberg.jdbc.UncheckedSQLException;

/**
 * Recognises the storage failures that libraries raise as their own unchecked exceptions (Iceberg's
 * JDBC catalog on a locked SQLite file, a manifest write on a full disk) so every edge reports them
 * as Floe's {@link StorageException}: exit code 6 and one line in the CLI, a 503 in the web app, a
 * retryable failure in an activity, instead of "unexpected" errors.
 */
public final class StorageFailures {
  private static final String DISK_FULL = "No space left on device";
  /** SQLite's words for the same (SQLITE_FULL), when the catalog file cannot grow. */
  private static final String CATALOG_DISK_FULL = "database or disk is full";

  private StorageFailures() {}

  /**
   * {@code failure} as one of Floe's exceptions: itself when it is one, a {@link StorageException}
   * saying what happened when it is a storage failure, else empty (a bug).
   */
  public static Optional<FloeException> recognise(Throwable failure) {
    if (failure instanceof FloeException floe) {
      return Optional.of(floe);
    }
    if (mentions(failure, DISK_FULL) || mentions(failure, CATALOG_DISK_FULL)) {
      return Optional.of(new StorageException(
          "No space left on device (" + describe(failure) + "): free space and retry",
          failure));
    }
    if (mentions(failure, "database is locked") || mentions(failure, "SQLITE_BUSY")) {
      return Optional.of(new StorageException(
          "The catalog database is locked by another process (SQLite: database is locked); retry when it is free",
          failure));
    }
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof UncheckedSQLException
          || cause instanceof SQLException
          || cause instanceof RuntimeIOException
          || cause instanceof UncheckedIOException
          || cause instanceof IOException) {
        return Optional.of(new StorageException("Storage failed: " + describe(failure), failure));
      }
    }
    return Optional.empty();
  }

  private static boolean mentions(Throwable failure, String text) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && cause.getMessage().contains(text)) {
        return true;
      }
    }
    return false;
  }

  /** The outer message and the innermost cause's, which usually names the file or the database. */
  private static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root == failure || root.getMessage() == null) {
      return String.valueOf(failure.getMessage());
    }
    return failure.getMessage() + ": " + root.getMessage();
  }
}
