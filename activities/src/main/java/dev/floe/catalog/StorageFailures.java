package dev.floe.catalog;

import dev.floe.error.FloeException;
import dev.floe.error.StorageException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Optional;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.exceptions.RESTException;
import org.apache.iceberg.exceptions.RuntimeIOException;
import org.apache.iceberg.exceptions.ServiceFailureException;
import org.apache.iceberg.exceptions.ServiceUnavailableException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Failures of a remote catalog or object store (unreachable, wrong bucket, refused credentials) as
 * {@link StorageException}s with one line a user can act on: the root cause's own words, without a
 * stack trace, a request id or a credential (AWS SDK messages never carry the secret; they are cut
 * before the SDK's request details all the same).
 */
public final class StorageFailures {
  private StorageFailures() {}

  /** {@code failure} as a storage error whose message starts with {@code context}. */
  public static StorageException of(String context, Throwable failure) {
    return new StorageException(context + ": " + reason(failure), failure);
  }

  /** A storage error for a failure of the catalog or object store; empty for any other failure. */
  public static Optional<FloeException> translate(Throwable failure) {
    if (failure instanceof FloeException floe) {
      return Optional.of(floe);
    }
    if (isStorage(failure)) {
      return Optional.of(of("Storage failure", failure));
    }
    return Optional.empty();
  }

  private static boolean isStorage(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SdkException
          || cause instanceof RESTException
          || cause instanceof ServiceFailureException
          || cause instanceof ServiceUnavailableException
          || cause instanceof NotAuthorizedException
          || cause instanceof CommitStateUnknownException
          || cause instanceof RuntimeIOException
          || cause instanceof UncheckedIOException
          || cause instanceof ConnectException) {
        return true;
      }
    }
    return false;
  }

  private static String reason(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
        return "cannot connect (" + firstLine(cause) + ")";
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
