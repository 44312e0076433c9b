package dev.floe.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** The API's answer to a request that failed: one message, and the field when one is to blame. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ErrorBody(String error, String field, Map<String, String> fields) {
  static ErrorBody of(String error) {
    return new ErrorBody(error, null, null);
  }
}
