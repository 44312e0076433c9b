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

  /** Whether {@code spec} names the embedded store (null and blank do: it is the default). */
  public static boolean isEmbedded(String spec) {
    return spec == null || spec.isBlank() || spec.trim().equals(EMBEDDED);
  }

  public static OnlineStore open(String spec) {
    if (isEmbedded(spec)) {
      return new EmbeddedOnlineStore();
    }
    return RedisOnlineStore.connect(redisUri(spec), DEFAULT_REDIS_PREFIX);
  }

  /** Checks that {@code spec} names a store, without connecting to it: what a configuration validates. */
  public static void requireValid(String spec) {
    if (!isEmbedded(spec)) {
      redisUri(spec);
    }
  }

  private static URI redisUri(String spec) {
    URI uri;
    try {
      uri = new URI(spec.trim());
    } catch (URISyntaxException e) {
      throw new InvalidInputException("Online store '" + spec + "' is not 'embedded' or a redis:// URI");
    }
    if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
      throw new InvalidInputException("Online store '" + spec + "' is not 'embedded' or a redis:// URI");
    }
    return uri;
  }
}
