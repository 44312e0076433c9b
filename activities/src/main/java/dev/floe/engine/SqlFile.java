package dev.floe.engine;

import dev.floe.error.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One statement from {@code sql/}, packaged as a resource. Relations are spliced in by name
 * ({@code {{raw_events}}}) because DuckDB cannot bind a table function's file list as a parameter;
 * every value that comes from a user is bound with {@code ?} instead.
 */
public record SqlFile(String name, String text) {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_]+)}}");

  public static SqlFile load(String name) {
    String resource = "/sql/" + name + ".sql";
    try (InputStream in = SqlFile.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Missing SQL resource " + resource);
      }
      return new SqlFile(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new StorageException("Cannot read SQL resource " + resource, e);
    }
  }

  /** The statement with each {@code {{name}}} replaced; an unknown or unused name is a bug. */
  public String render(Map<String, String> relations) {
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String key = matcher.group(1);
      String value = relations.get(key);
      if (value == null) {
        throw new IllegalArgumentException("No value for {{" + key + "}} in sql/" + name + ".sql");
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  /** SHA-256 of the statement text, recorded with a model so its features can be traced to code. */
  public String sha256() {
    return Sha256.of(text);
  }
}
