package dev.floe.serving;

import dev.floe.error.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Opens the online store a configuration names ({@code floe.online-store}): {@code embedded} (the
 * default, in the serving process) or a Redis URI such as {@code redis://127.0.0.1:6379}.
 */
public final class OnlineStores {
  public static final String EMBEDDED = "embedded";
  public static final String DEFAULT_REDIS_PREFIX = "floe:features";

  private OnlineStores() {}

  public static OnlineStore open(String spec) {
    if (spec == null || spec.isBlank() || spec.trim().equals(EMBEDDED)) {
      return new EmbeddedOnlineStore();
    }
    URI uri;
    try {
      uri = new URI(spec.trim());
    } catch (URISyntaxException e) {
      throw new InvalidInputException("Online store '" + spec + "' is not 'embedded' or a redis:// URI");
    }
    if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
      throw new InvalidInputException("Online store '" + spec + "' is not 'embedded' or a redis:// URI");
    }
    return RedisOnlineStore.connect(uri, DEFAULT_REDIS_PREFIX);
  }
}
