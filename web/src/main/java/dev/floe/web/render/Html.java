package dev.floe.web.render;

/**
 * Builds HTML where every value is escaped unless it is markup written in this code base: {@link
 * #text} and {@link #attribute} take values (from users, tables, runs), {@link #raw} only literals
 * and the output of other builders.
 */
public final class Html {
  private final StringBuilder out = new StringBuilder(1024);

  /** Escapes the five characters that can break out of text or a quoted attribute. */
  public static String escape(Object value) {
    String text = String.valueOf(value);
    StringBuilder escaped = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String replacement =
          switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&#39;";
            default -> null;
          };
      if (replacement == null) {
        if (escaped != null) {
          escaped.append(c);
        }
        continue;
      }
      if (escaped == null) {
        escaped = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      escaped.append(replacement);
    }
    return escaped == null ? text : escaped.toString();
  }

  /** Markup from this code base (never a value that came from outside). */
  public Html raw(String markup) {
    out.append(markup);
    return this;
  }

  /** A value, escaped. */
  public Html text(Object value) {
    out.append(escape(value));
    return this;
  }

  /** {@code name="value"} with the value escaped, preceded by a space. */
  public Html attribute(String name, Object value) {
    out.append(' ').append(name).append("=\"").append(escape(value)).append('"');
    return this;
  }

  /** {@code <a href="…">text</a>} with both escaped. */
  public Html link(String href, Object text) {
    return raw("<a").attribute("href", href).raw(">").text(text).raw("</a>");
  }

  /** A table cell holding a value; numeric cells align right. */
  public Html cell(Object value) {
    return raw("<td>").text(value == null ? "" : value).raw("</td>");
  }

  public Html numberCell(Object value) {
    return raw("<td class=\"num\">").text(value == null ? "" : value).raw("</td>");
  }

  /** A date or instant: ISO text of fixed width, kept on one line. */
  public Html dateCell(Object value) {
    return raw("<td class=\"date\">").text(value == null ? "" : value).raw("</td>");
  }

  public Html idCell(Object value) {
    return raw("<td class=\"id\">").text(value == null ? "" : value).raw("</td>");
  }

  public Html headerRow(String... headers) {
    raw("<thead><tr>");
    for (String header : headers) {
      boolean numeric = header.startsWith("#");
      raw(numeric ? "<th class=\"num\">" : "<th>").text(numeric ? header.substring(1) : header).raw("</th>");
    }
    return raw("</tr></thead>");
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
