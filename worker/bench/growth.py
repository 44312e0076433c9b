#!/usr/bin/env python3
"""Plots the pipeline's cost against its size from the `floe bench` reports growth.sh kept.

    python3 worker/bench/growth.py REPORT_DIR SVG

Reads every REPORT_DIR/*.json (one `floe bench --no-serving` report each), writes SVG: wall time
(Floe and the bare statements) and peak RSS against events, each run a dot, the median a line, and
a dashed line for linear growth from the smallest size. Prints a Markdown table for BENCHMARKS.md
and whether growth was at most linear (time per event at the largest size against the smallest).
"""
import glob
import json
import os
import statistics
import sys

WIDTH, HEIGHT = 360, 240
LEFT, RIGHT, TOP, BOTTOM = 58, 14, 30, 40
COLOURS = {"floe": "#1f77b4", "bare": "#ff7f0e", "rss": "#2ca02c", "linear": "#888888"}


def load_reports(directory):
    sizes = {}
    for path in sorted(glob.glob(os.path.join(directory, "*.json"))):
        with open(path) as file:
            report = json.load(file)
        if not all(check["identical"] for check in report["checks"]):
            sys.exit(f"growth.py: {path}: Floe and bare outputs differ; its timings compare nothing")
        events = report["size"]["events"]
        sizes.setdefault(events, []).append(
            {
                "users": report["size"]["users"],
                "floe": report["pipeline"]["floe_seconds"],
                "bare": report["pipeline"]["bare_seconds"],
                "rss": report["peak_rss_mb"],
                "load_before": report["load_average_before"][0] if report["load_average_before"] else None,
                "load_after": report["load_average_after"][0] if report["load_average_after"] else None,
            }
        )
    if len(sizes) < 2:
        sys.exit(f"growth.py: {directory} holds reports of fewer than two sizes")
    return dict(sorted(sizes.items()))


def nice_top(value):
    for power in range(0, 7):
        for step in (1, 2, 2.5, 5):
            top = step * 10**power
            if top >= value:
                return top
    return value


def panel(title, unit, sizes, series, linear_key):
    """One chart: each series a dot per run and a line through the medians."""
    largest = max(sizes)
    top = nice_top(max(max(run[key] for run in runs) for runs in sizes.values() for key in series) * 1.1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(events):
        return LEFT + plot_w * events / largest

    def y(value):
        return TOP + plot_h * (1 - value / top)

    parts = [
        f'<text x="{WIDTH / 2}" y="16" text-anchor="middle" font-weight="bold">{title}</text>',
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" stroke="black"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="black"/>',
        f'<text x="{LEFT + plot_w / 2}" y="{HEIGHT - 6}" text-anchor="middle">events (millions)</text>',
        f'<text x="14" y="{TOP + plot_h / 2}" text-anchor="middle" transform="rotate(-90 14 {TOP + plot_h / 2})">{unit}</text>',
    ]
    for tick in range(5):
        value = top * tick / 4
        parts.append(f'<text x="{LEFT - 4}" y="{y(value) + 4:.1f}" text-anchor="end">{value:g}</text>')
        parts.append(f'<line x1="{LEFT}" y1="{y(value):.1f}" x2="{LEFT + plot_w}" y2="{y(value):.1f}" stroke="#eee"/>')
    for events in sizes:
        parts.append(f'<text x="{x(events):.1f}" y="{TOP + plot_h + 14}" text-anchor="middle">{events / 1e6:g}</text>')
    if linear_key:
        smallest = min(sizes)
        start = statistics.median(run[linear_key] for run in sizes[smallest])
        end = start * largest / smallest
        clipped = min(end, top)
        parts.append(
            f'<line x1="{x(smallest):.1f}" y1="{y(start):.1f}" x2="{x(smallest + (largest - smallest) * (clipped - start) / (end - start)):.1f}" '
            f'y2="{y(clipped):.1f}" stroke="{COLOURS["linear"]}" stroke-dasharray="4 3"/>'
        )
    legend = []
    for index, (key, label) in enumerate(series.items()):
        medians = [(events, statistics.median(run[key] for run in runs)) for events, runs in sizes.items()]
        points = " ".join(f"{x(events):.1f},{y(value):.1f}" for events, value in medians)
        parts.append(f'<polyline points="{points}" fill="none" stroke="{COLOURS[key]}" stroke-width="2"/>')
        for events, runs in sizes.items():
            for run in runs:
                parts.append(f'<circle cx="{x(events):.1f}" cy="{y(run[key]):.1f}" r="2.5" fill="{COLOURS[key]}"/>')
        legend.append((label, COLOURS[key]))
    if linear_key:
        legend.append((f"linear from {min(sizes) / 1e6:g}M", COLOURS["linear"]))
    for index, (label, colour) in enumerate(legend):
        parts.append(f'<rect x="{LEFT + 8}" y="{TOP + 4 + 14 * index}" width="10" height="3" fill="{colour}"/>')
        parts.append(f'<text x="{LEFT + 22}" y="{TOP + 9 + 14 * index}">{label}</text>')
    return parts


def svg(sizes):
    time = panel("pipeline wall time", "seconds", sizes, {"floe": "Floe", "bare": "bare DuckDB"}, "floe")
    rss = panel("peak RSS", "MiB", sizes, {"rss": "Floe (highest step)"}, None)
    body = [f'<g font-family="sans-serif" font-size="11">{"".join(time)}</g>']
    body.append(f'<g transform="translate({WIDTH} 0)" font-family="sans-serif" font-size="11">{"".join(rss)}</g>')
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {2 * WIDTH} {HEIGHT}"><rect width="100%" height="100%" fill="white"/>'
        + "".join(body)
        + "</svg>\n"
    )


def spread(values, digits):
    low, high = min(values), max(values)
    return f"{low:,.{digits}f}" if low == high else f"{low:,.{digits}f}–{high:,.{digits}f}"


def table(sizes):
    smallest = min(sizes)
    base = statistics.median(run["floe"] for run in sizes[smallest]) / smallest
    lines = [
        "| events | users | runs | Floe s | bare s | Floe / bare | Floe s per 1M events | vs smallest, per event | peak RSS MiB | load average (1 min) before → after |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for events, runs in sizes.items():
        per_event = statistics.median(run["floe"] for run in runs) / events
        loads = ", ".join(f'{run["load_before"]:.1f} → {run["load_after"]:.1f}' for run in runs)
        lines.append(
            f"| {events:,} | {runs[0]['users']:,} | {len(runs)} | {spread([r['floe'] for r in runs], 2)} | {spread([r['bare'] for r in runs], 2)} | "
            f"{spread([r['floe'] / r['bare'] for r in runs], 2)}× | {per_event * 1e6:.2f} | {per_event / base:.2f}× | "
            f"{spread([r['rss'] for r in runs], 0)} | {loads} |"
        )
    largest = max(sizes)
    ratio = (statistics.median(run["floe"] for run in sizes[largest]) / largest) / base
    verdict = "at most linear" if ratio <= 1.0 else "worse than linear"
    lines.append("")
    lines.append(
        f"Time per event at {largest / 1e6:g}M against {smallest / 1e6:g}M events: {ratio:.2f}× ({verdict}); "
        f"peak RSS {statistics.median(r['rss'] for r in sizes[smallest]):,.0f} → {statistics.median(r['rss'] for r in sizes[largest]):,.0f} MiB "
        f"for {largest / smallest:g}× the events."
    )
    return "\n".join(lines)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: growth.py REPORT_DIR SVG")
    sizes = load_reports(sys.argv[1])
    os.makedirs(os.path.dirname(sys.argv[2]) or ".", exist_ok=True)
    with open(sys.argv[2], "w") as file:
        file.write(svg(sizes))
    print(table(sizes))


if __name__ == "__main__":
    main()
