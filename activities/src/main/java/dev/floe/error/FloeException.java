package dev.floe.error;

/**
 * The root of Floe's own failures: each carries a message a user can act on, and a stable {@link
 * #type()} that the edges map once (CLI exit code, HTTP status, Temporal failure type).
 */
public abstract class FloeException extends RuntimeException {
  protected FloeException(String message) {
    super(message);
  }

  protected FloeException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A stable name for the kind of failure, used as the Temporal ApplicationFailure type. */
  public abstract String type();
}
