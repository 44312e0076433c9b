package dev.floe.web.render;

import static dev.floe.web.render.SvgShapes.line;
import static dev.floe.web.render.SvgShapes.text;
import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

/**
 * An SVG histogram of equal-width bins from 0 to {@code upperBound}, with a vertical line at the
 * threshold: drawn on the server, so the page needs no script and nothing from the network.
 *
 * @param counts rows per bin, bin {@code i} covering {@code [i, i + 1) × upperBound / counts.size()}
 */
public record HistogramChart(List<Long> counts, double upperBound, double threshold, String xLabel) {
  private static final int WIDTH = 760;
  private static final int HEIGHT = 280;
  private static final int LEFT = 64;
  private static final int RIGHT = 20;
  private static final int TOP = 24;
  private static final int BOTTOM = 44;

  public HistogramChart {
    counts = List.copyOf(counts);
    requireNonNull(xLabel, "xLabel is null");
  }

  public String svg() {
    Html svg = SvgShapes.open(
        WIDTH, HEIGHT, "Histogram of " + xLabel + " with the threshold at " + Formats.decimal2(threshold));
    long highest = counts.stream().mapToLong(Long::longValue).max().orElse(0);
    double plotWidth = WIDTH - LEFT - RIGHT;
    double plotHeight = HEIGHT - TOP - BOTTOM;
    double baseline = TOP + plotHeight;
    // Axes and the count scale.
    svg.raw(line(LEFT, baseline, WIDTH - RIGHT, baseline, "#9aa5b1", 1));
    svg.raw(line(LEFT, TOP, LEFT, baseline, "#9aa5b1", 1));
    for (int tick = 0; tick <= 4; tick++) {
      double y = baseline - plotHeight * tick / 4;
      long value = Math.round(highest * tick / 4.0);
      svg.raw(text(LEFT - 8, y + 4, "end", Formats.count(value)));
      if (tick > 0) {
        svg.raw(line(LEFT, y, WIDTH - RIGHT, y, "#eef1f4", 1));
      }
    }
    if (!counts.isEmpty() && upperBound > 0) {
      double barWidth = plotWidth / counts.size();
      for (int i = 0; i < counts.size(); i++) {
        long count = counts.get(i);
        if (count == 0) {
          continue;
        }
        // Every non-empty bin shows at least a hairline: the rare large |z| are the point.
        double height = highest == 0 ? 0 : Math.max(1.5, plotHeight * count / highest);
        double x = LEFT + i * barWidth;
        double binStart = upperBound * i / counts.size();
        svg.raw(String.format(Locale.ROOT,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">",
            x + 0.5, baseline - height, Math.max(0.5, barWidth - 1), height,
            binStart >= threshold ? "#d9534f" : "#7ea3c8"));
        svg.raw("<title>")
            .text(Formats.decimal2(binStart) + " to " + Formats.decimal2(upperBound * (i + 1) / counts.size())
                + ": " + Formats.count(count) + " rows")
            .raw("</title></rect>");
      }
      for (int tick = 0; tick <= 5; tick++) {
        double value = upperBound * tick / 5;
        svg.raw(text(LEFT + plotWidth * tick / 5, baseline + 16, "middle", Formats.decimal2(value)));
      }
      double thresholdX = LEFT + plotWidth * Math.min(1.0, threshold / upperBound);
      svg.raw(line(thresholdX, TOP - 6, thresholdX, baseline, "#b42318", 2));
      boolean labelLeft = thresholdX > LEFT + plotWidth * 0.7;
      svg.raw(text(thresholdX + (labelLeft ? -6 : 6), TOP + 6, labelLeft ? "end" : "start",
          "threshold " + Formats.decimal2(threshold)));
    }
    svg.raw(text(LEFT + plotWidth / 2, HEIGHT - 6, "middle", xLabel));
    return svg.raw("</svg>").toString();
  }
}
