#!/usr/bin/env bash
# Cost growth (issue 14): the pipeline (`floe bench --no-serving`: Floe's generate, featurize,
# calibrate, register against the bare statements, each run in a fresh data directory) at each size
# of SIZES, RUNS times, keeping every report; then growth.py plots wall time and peak RSS against
# size into benchmarks/growth.svg and prints the table for BENCHMARKS.md.
#
#   mvn -B -q -DskipTests package          # floe.jar
#   worker/bench/growth.sh [OUT_DIR] [RUNS] [SIZES]
#
# OUT_DIR (default benchmarks/growth) receives one JSON report per run, `<events>-<run>.json`, and
# the load average before and after it in the report. Days and seed are fixed (90 days, seed 42,
# ending 2025-09-17); USERS (default 100000) is fixed too, so only the events grow and the feature
# table stays users x days; USERS=scaled gives one user per 100 events (10k, 100k, 300k), so the
# feature table grows with the events as well. WORK_DIR (default the system's temporary directory)
# is where each run's data directory is made: 30M events need ~3 GB there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
out="${1:-benchmarks/growth}"
runs="${2:-1}"
sizes="${3:-1000000 10000000 30000000}"
jar=worker/target/floe.jar
[[ -f "$jar" ]] || { echo "growth.sh: $jar is missing: run 'mvn -B -q -DskipTests package' first" >&2; exit 1; }
mkdir -p "$out"
work=()
[[ -n "${WORK_DIR:-}" ]] && work=(--work-dir "$WORK_DIR")

for run in $(seq 1 "$runs"); do
  for events in $sizes; do
    report="$out/$events-$run.json"
    echo "growth: $events events, ${USERS:-100000} users, run $run, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    users="${USERS:-100000}"
    [[ "$users" == scaled ]] && users=$((events / 100))
    java -jar "$jar" bench --events "$events" --users "$users" --days 90 --seed 42 \
      --end-date 2025-09-17 --no-serving "${work[@]}" > "$report.part"
    mv "$report.part" "$report"
  done
done
python3 worker/bench/growth.py "$out" benchmarks/growth.svg
