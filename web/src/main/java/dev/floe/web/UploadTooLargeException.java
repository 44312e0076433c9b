package dev.floe.web;

import dev.floe.error.FloeException;

/** A request body over its route's limit: answered with 413 and what to do instead. */
public final class UploadTooLargeException extends FloeException {
  public UploadTooLargeException(String message) {
    super(message);
  }

  @Override
  public String type() {
    return "UploadTooLarge";
  }
}
