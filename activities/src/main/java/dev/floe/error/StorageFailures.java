package dev.floe.error;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Optional;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.exceptions.RESTException;
import org.apache.iceberg.exceptions.RuntimeIOException;
import org.apache.iceberg.exceptions.ServiceFailureException;
import org.apache.iceberg.exceptions.ServiceUnavailableException;
import org.apache.iceberg.jdbc.UncheckedSQLException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Recognises the storage failures that libraries raise as their own unchecked exceptions (Iceberg's
 * JDBC catalog on a locked SQLite file, a manifest write on a full disk, an unreachable REST catalog,
 * an object store refusing a request) so every edge reports them as Floe's {@link
 * StorageException}: exit code 6 and one line in the CLI, a 503 in the web app, a retryable failure
 * in an activity, instead of "unexpected" errors. Messages carry the cause's own words, never a
 * stack trace, an SDK request id or a credential.
 */
public final class StorageFailures {
  private static final String DISK_FULL = "No space left on device";
  /** How the AWS SDK's credentials chain starts saying that it found none. */
  private static final String NO_CREDENTIALS = "Unable to load credentials";
  /** SQLite's words for the same (SQLITE_FULL), when the catalog file cannot grow. */
  private static final String CATALOG_DISK_FULL = "database or disk is full";

  private StorageFailures() {}

  /** {@code failure} as a storage error whose message starts with {@code context}. */
  public static StorageException of(String context, Throwable failure) {
    return new StorageException(context + ": " + remoteReason(failure), failure);
  }

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
    if (isRemote(failure)) {
      return Optional.of(of("Storage failure", failure));
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

  /** A failure of a REST catalog or an object store, or of the connection to one. */
  private static boolean isRemote(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SdkException
          || cause instanceof RESTException
          || cause instanceof ServiceFailureException
          || cause instanceof ServiceUnavailableException
          || cause instanceof NotAuthorizedException
          || cause instanceof CommitStateUnknownException
          || cause instanceof ConnectException
          || cause instanceof UnknownHostException) {
        return true;
      }
    }
    return false;
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

  /** As {@link #describe}, in words for a remote failure: "cannot connect", the S3 status. */
  private static String remoteReason(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
        return "cannot connect (" + firstLine(cause) + ")";
      }
      if (cause instanceof SdkClientException && firstLine(cause).startsWith(NO_CREDENTIALS)) {
        // The SDK lists every provider of its chain it tried, on one line of a thousand characters.
        return "no S3 credentials found (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a profile"
            + " or instance role for the AWS SDK's default chain)";
      }
      if (cause instanceof ServiceFailureException server) {
        // Iceberg's "Server error: NoSuchBucketException: …": the server's own S3 error, in S3's words.
        String reason =
            firstLine(server).replaceFirst("^Server error: ", "").replaceFirst("^(\\w+)Exception: ", "$1: ");
        return "the catalog server failed (" + reason + ")";
      }
      if (cause instanceof S3Exception s3) {
        String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
        return "object store refused the request (HTTP " + s3.statusCode()
            + (code == null ? "" : ", " + code) + ")";
      }
    }
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = firstLine(root);
    String outer = firstLine(failure);
    return root == failure || outer.contains(message) ? outer : outer + " (" + message + ")";
  }

  private static String firstLine(Throwable failure) {
    String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    // The SDK appends "(Service: S3, Status Code: …, Request ID: …)": not for a user's eyes.
    int details = message.indexOf(" (Service:");
    String cut = details > 0 ? message.substring(0, details) : message;
    return cut.strip().replaceAll("\\s*\\R\\s*", "; ");
  }
}
