package dev.floe.web;

import static java.util.Objects.requireNonNull;

import dev.floe.error.FloeException;

/** A request parameter that is missing or malformed; the response names the field. */
public final class InvalidParameterException extends FloeException {
  private final String field;

  public InvalidParameterException(String field, String message) {
    super(field + ": " + message);
    this.field = requireNonNull(field, "field is null");
  }

  public String field() {
    return field;
  }

  @Override
  public String type() {
    return "InvalidInput";
  }
}
