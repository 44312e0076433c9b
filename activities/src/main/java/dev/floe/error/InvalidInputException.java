package dev.floe.error;

/** Input that can never succeed as given: a bad flag, spec, file or row. Not retryable. */
public final class InvalidInputException extends FloeException {
  public InvalidInputException(String message) {
    super(message);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String type() {
    return "InvalidInput";
  }
}
