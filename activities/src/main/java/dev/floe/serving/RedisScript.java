package dev.floe.serving;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** A Lua script of the Redis store, packaged as a resource under {@code redis/}. */
final class RedisScript {
  private RedisScript() {}

  static String load(String name) {
    String resource = "/redis/" + name + ".lua";
    try (InputStream in = RedisScript.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Missing Redis script " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read Redis script " + resource, e);
    }
  }
}
