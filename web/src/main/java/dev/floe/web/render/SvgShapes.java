package dev.floe.web.render;

import java.util.Locale;

/** The SVG pieces Floe's server-drawn charts are made of; text content is always escaped. */
final class SvgShapes {
  private SvgShapes() {}

  /** An {@code <svg>} element of a fixed size with an accessible title; the caller closes it. */
  static Html open(int width, int height, String title) {
    return new Html()
        .raw("<svg class=\"chart\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\"")
        .attribute("viewBox", "0 0 " + width + " " + height)
        .attribute("width", width)
        .attribute("height", height)
        .raw("><title>")
        .text(title)
        .raw("</title>");
  }

  static String line(double x1, double y1, double x2, double y2, String color, double width) {
    return String.format(Locale.ROOT,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\"/>",
        x1, y1, x2, y2, color, width);
  }

  static String text(double x, double y, String anchor, String value) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">", x, y, anchor)
        + Html.escape(value)
        + "</text>";
  }

  static String rect(double x, double y, double width, double height, String fill) {
    return String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
        x, y, width, Math.max(0, height), fill);
  }
}
