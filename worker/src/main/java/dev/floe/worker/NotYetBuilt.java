package dev.floe.worker;

/**
 * Marks the one line in a command where a library call that has not landed yet goes; the command
 * around it is complete. Delete this class once nothing calls it.
 */
final class NotYetBuilt {
  private NotYetBuilt() {}

  static <T> T call(String libraryCall) {
    throw new UnsupportedOperationException(libraryCall + " is not built yet");
  }
}
