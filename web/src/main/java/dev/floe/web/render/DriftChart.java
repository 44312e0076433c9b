package dev.floe.web.render;

import static dev.floe.web.render.SvgShapes.line;
import static dev.floe.web.render.SvgShapes.rect;
import static dev.floe.web.render.SvgShapes.text;
import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

/**
 * One feature's drift as an SVG bar chart: for each PSI bin (fixed by the training rows' deciles),
 * the share of the training rows beside the share of the current rows, so a shifted distribution
 * shows as bars that no longer match.
 *
 * @param edges the bins' inner edges: bin 0 is at most {@code edges[0]}, the last above the last
 */
public record DriftChart(
    String feature, List<Double> edges, List<Double> reference, List<Double> current) {
  private static final int WIDTH = 760;
  private static final int HEIGHT = 260;
  private static final int LEFT = 56;
  private static final int RIGHT = 20;
  private static final int TOP = 28;
  private static final int BOTTOM = 44;
  private static final String REFERENCE_COLOR = "#7ea3c8";
  private static final String CURRENT_COLOR = "#e08a3c";

  public DriftChart {
    requireNonNull(feature, "feature is null");
    edges = List.copyOf(edges);
    reference = List.copyOf(reference);
    current = List.copyOf(current);
    if (reference.size() != edges.size() + 1 || current.size() != reference.size()) {
      throw new IllegalArgumentException(
          "Cannot draw " + edges.size() + " edges with " + reference.size() + " and " + current.size() + " bins");
    }
  }

  public String svg() {
    Html svg = SvgShapes.open(WIDTH, HEIGHT,
        "Share of rows per bin of " + feature + ": training rows against current rows");
    double plotWidth = WIDTH - LEFT - RIGHT;
    double plotHeight = HEIGHT - TOP - BOTTOM;
    double baseline = TOP + plotHeight;
    double highest = 0;
    for (int bin = 0; bin < reference.size(); bin++) {
      highest = Math.max(highest, Math.max(reference.get(bin), current.get(bin)));
    }
    svg.raw(line(LEFT, baseline, WIDTH - RIGHT, baseline, "#9aa5b1", 1));
    svg.raw(line(LEFT, TOP, LEFT, baseline, "#9aa5b1", 1));
    for (int tick = 0; tick <= 4; tick++) {
      double y = baseline - plotHeight * tick / 4;
      svg.raw(text(LEFT - 8, y + 4, "end", percent(highest * tick / 4)));
      if (tick > 0) {
        svg.raw(line(LEFT, y, WIDTH - RIGHT, y, "#eef1f4", 1));
      }
    }
    double slot = plotWidth / reference.size();
    double barWidth = Math.max(1, slot * 0.4);
    for (int bin = 0; bin < reference.size(); bin++) {
      double x = LEFT + bin * slot + slot * 0.1;
      bar(svg, x, barWidth, baseline, plotHeight, highest, reference.get(bin), REFERENCE_COLOR,
          "training rows " + label(bin));
      bar(svg, x + barWidth, barWidth, baseline, plotHeight, highest, current.get(bin), CURRENT_COLOR,
          "current rows " + label(bin));
      svg.raw(text(LEFT + bin * slot + slot / 2, baseline + 16, "middle", axisLabel(bin)));
    }
    // The legend top right, clear of the scale's labels on the left.
    svg.raw(rect(WIDTH - RIGHT - 210, 6, 10, 10, REFERENCE_COLOR));
    svg.raw(text(WIDTH - RIGHT - 196, 15, "start", "training rows"));
    svg.raw(rect(WIDTH - RIGHT - 100, 6, 10, 10, CURRENT_COLOR));
    svg.raw(text(WIDTH - RIGHT - 86, 15, "start", "current rows"));
    svg.raw(text(LEFT + plotWidth / 2, HEIGHT - 6, "middle", feature + " (bins: deciles of the training rows)"));
    return svg.raw("</svg>").toString();
  }

  private static void bar(Html svg, double x, double width, double baseline, double plotHeight, double highest,
      double share, String color, String what) {
    double height = highest == 0 ? 0 : plotHeight * share / highest;
    svg.raw(String.format(Locale.ROOT,
        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">",
        x, baseline - height, width, height, color));
    svg.raw("<title>").text(what + ": " + percent(share)).raw("</title></rect>");
  }

  /** The bin's range: "≤ 12.34", "12.34–15.00", "> 40.00". */
  private String label(int bin) {
    if (edges.isEmpty()) {
      return "all";
    }
    if (bin == 0) {
      return "≤ " + Formats.decimal2(edges.get(0));
    }
    if (bin == edges.size()) {
      return "> " + Formats.decimal2(edges.get(bin - 1));
    }
    return Formats.decimal2(edges.get(bin - 1)) + "–" + Formats.decimal2(edges.get(bin));
  }

  /** Under the bars, only each bin's upper edge: full ranges would overlap. */
  private String axisLabel(int bin) {
    if (edges.isEmpty()) {
      return "all";
    }
    return bin < edges.size()
        ? "≤ " + Formats.decimal2(edges.get(bin))
        : "> " + Formats.decimal2(edges.get(bin - 1));
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }
}
