package dev.floe.error;

/** Something named does not exist: a model version, a user's history, a table, a snapshot. */
public final class NotFoundException extends FloeException {
  public NotFoundException(String message) {
    super(message);
  }

  @Override
  public String type() {
    return "NotFound";
  }
}
