package dev.floe.web.render;

import static dev.floe.web.render.SvgShapes.line;
import static dev.floe.web.render.SvgShapes.rect;
import static dev.floe.web.render.SvgShapes.text;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * An SVG line chart of a user's feature history, with the bands of amounts the model would flag
 * shaded (above {@code mean + threshold × std}, and below {@code mean − threshold × std} where that
 * is above zero) and the scored amount marked.
 */
public record HistoryChart(
    List<LocalDate> dates,
    List<Double> values,
    double mean,
    double std,
    double threshold,
    double amount,
    String featureName) {
  private static final int WIDTH = 760;
  private static final int HEIGHT = 300;
  private static final int LEFT = 64;
  private static final int RIGHT = 110;
  private static final int TOP = 20;
  private static final int BOTTOM = 44;
  private static final double OFF_SCALE_FACTOR = 1.5;
  private static final double LABEL_GAP = 14;

  public HistoryChart {
    dates = List.copyOf(dates);
    values = List.copyOf(values);
    if (dates.size() != values.size()) {
      throw new IllegalArgumentException("Invalid history: " + dates.size() + " dates for " + values.size() + " values");
    }
  }

  public String svg() {
    double upper = mean + threshold * std;
    double lower = mean - threshold * std;
    double top = upper;
    for (double value : values) {
      top = Math.max(top, value);
    }
    // An amount far above the history would flatten it to the baseline: scale to the history and
    // the band, and pin such an amount to the top edge, labelled as off scale.
    boolean amountOffScale = amount > top * OFF_SCALE_FACTOR;
    if (!amountOffScale) {
      top = Math.max(top, amount);
    }
    top = top <= 0 ? 1 : top * 1.08;
    double plotWidth = WIDTH - LEFT - RIGHT;
    double plotHeight = HEIGHT - TOP - BOTTOM;
    double baseline = TOP + plotHeight;
    double finalTop = top;
    java.util.function.DoubleUnaryOperator y = value -> baseline - plotHeight * Math.max(0, value) / finalTop;

    Html svg = SvgShapes.open(WIDTH, HEIGHT, "Feature history with the flagged band above " + Formats.decimal2(upper));
    List<SideLabel> sideLabels = new java.util.ArrayList<>();
    // The flagged bands first, so the line draws over them.
    if (upper < top) {
      svg.raw(rect(LEFT, TOP, plotWidth, y.applyAsDouble(upper) - TOP, "#fde8e6"));
      svg.raw(line(LEFT, y.applyAsDouble(upper), LEFT + plotWidth, y.applyAsDouble(upper), "#e8a39b", 1));
      sideLabels.add(new SideLabel(y.applyAsDouble(upper) + 4, "flagged ≥ " + Formats.decimal2(upper)));
    }
    if (lower > 0) {
      svg.raw(rect(LEFT, y.applyAsDouble(lower), plotWidth, baseline - y.applyAsDouble(lower), "#fde8e6"));
      sideLabels.add(new SideLabel(y.applyAsDouble(lower) + 4, "flagged ≤ " + Formats.decimal2(lower)));
    }
    svg.raw(line(LEFT, baseline, LEFT + plotWidth, baseline, "#9aa5b1", 1));
    svg.raw(line(LEFT, TOP, LEFT, baseline, "#9aa5b1", 1));
    for (int tick = 0; tick <= 4; tick++) {
      double value = top * tick / 4;
      svg.raw(text(LEFT - 8, y.applyAsDouble(value) + 4, "end", Formats.decimal2(value)));
    }
    svg.raw(line(LEFT, y.applyAsDouble(mean), LEFT + plotWidth, y.applyAsDouble(mean), "#c3ccd5", 1));
    sideLabels.add(new SideLabel(y.applyAsDouble(mean) + 4, "mean " + Formats.decimal2(mean)));
    int n = values.size();
    java.util.function.IntToDoubleFunction x = i -> n <= 1 ? LEFT + plotWidth / 2 : LEFT + plotWidth * i / (n - 1);
    if (n > 0) {
      StringBuilder points = new StringBuilder();
      for (int i = 0; i < n; i++) {
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.applyAsDouble(i), y.applyAsDouble(values.get(i))));
      }
      svg.raw("<polyline fill=\"none\" stroke=\"#2f5d8a\" stroke-width=\"2\"").attribute("points", points.toString().trim()).raw("/>");
      for (int i = 0; i < n; i++) {
        svg.raw(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#2f5d8a\">",
                x.applyAsDouble(i), y.applyAsDouble(values.get(i))))
            .raw("<title>").text(dates.get(i) + ": " + Formats.decimal2(values.get(i))).raw("</title></circle>");
      }
      int labels = Math.min(n, 6);
      for (int k = 0; k < labels; k++) {
        int i = labels == 1 ? 0 : Math.round((float) k * (n - 1) / (labels - 1));
        svg.raw(text(x.applyAsDouble(i), baseline + 16, "middle", dates.get(i).toString()));
      }
    }
    double amountX = LEFT + plotWidth;
    double amountY = amountOffScale ? TOP : y.applyAsDouble(amount);
    svg.raw(String.format(Locale.ROOT,
            "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"6\" fill=\"none\" stroke=\"#b42318\" stroke-width=\"2\">",
            amountX, amountY))
        .raw("<title>").text("scored amount " + Formats.decimal2(amount)).raw("</title></circle>");
    if (amountOffScale) {
      svg.raw(text(amountX - 12, amountY + 4, "end", "amount " + Formats.decimal2(amount) + " (off scale ↑)"));
    } else {
      sideLabels.add(new SideLabel(amountY + 4, "amount " + Formats.decimal2(amount)));
    }
    // Labels right of the plot are spread apart so that close values (mean, amount) stay readable.
    for (SideLabel label : spread(sideLabels)) {
      svg.raw(text(LEFT + plotWidth + 10, label.y(), "start", label.text()));
    }
    svg.raw(text(LEFT + plotWidth / 2, HEIGHT - 6, "middle", "date (" + featureName + ")"));
    return svg.raw("</svg>").toString();
  }

  /** A label right of the plot, at the height of what it names. */
  private record SideLabel(double y, String text) {}

  /** The labels top to bottom, each pushed down until it clears the one above. */
  private static List<SideLabel> spread(List<SideLabel> labels) {
    List<SideLabel> sorted = labels.stream().sorted(java.util.Comparator.comparingDouble(SideLabel::y)).toList();
    List<SideLabel> placed = new java.util.ArrayList<>();
    double previous = Double.NEGATIVE_INFINITY;
    for (SideLabel label : sorted) {
      double y = Math.max(label.y(), previous + LABEL_GAP);
      placed.add(new SideLabel(y, label.text()));
      previous = y;
    }
    return placed;
  }
}
