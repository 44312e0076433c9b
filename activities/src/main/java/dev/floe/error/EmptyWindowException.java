package dev.floe.error;

/** A training window that holds no feature rows; calibrating over it would be meaningless. */
public final class EmptyWindowException extends FloeException {
  public EmptyWindowException(String message) {
    super(message);
  }

  @Override
  public String type() {
    return "EmptyWindow";
  }
}
