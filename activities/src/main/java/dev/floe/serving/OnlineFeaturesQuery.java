package dev.floe.serving;

import dev.floe.error.InvalidInputException;
import java.util.List;

/** The body of a batch online lookup: {@code {"user_ids": [1, 2, 3]}}, at most 1,000 ids. */
public record OnlineFeaturesQuery(List<Long> userIds) {
  public OnlineFeaturesQuery {
    if (userIds == null) {
      throw new InvalidInputException("user_ids is missing: expected {\"user_ids\": [1, 2, 3]}");
    }
    if (userIds.stream().anyMatch(java.util.Objects::isNull)) {
      throw new InvalidInputException("user_ids holds a null; expected whole numbers");
    }
    userIds = List.copyOf(userIds);
  }
}
