package dev.floe.web;

import dev.floe.error.FloeException;

/** An action without the token, or a form post without its CSRF token: answered with 403. */
public final class AccessDeniedException extends FloeException {
  public AccessDeniedException(String message) {
    super(message);
  }

  @Override
  public String type() {
    return "AccessDenied";
  }
}
