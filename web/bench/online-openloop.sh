#!/usr/bin/env bash
# The online-features latency measurement of BENCHMARKS.md against a running `floe web` on PORT,
# with the open-loop generator web/bench/openloop.c (requests due at a constant rate, latency from
# when each was due). 10 s of GET and 10 s of POST as JIT warm-up, then each rate for SECONDS
# (default 30), one JSON line per run with the load average before it. OPENLOOP_CPUS=1 pins the
# generator to that core; OPENLOOP_RUNS="1 1000,100 250" (BATCH RATE, comma-separated) replaces the
# six runs; OPENLOOP_NO_WARMUP=1 skips the warm-up (a server warmed by an earlier call).
set -euo pipefail
port="${1:?usage: online-openloop.sh PORT [SECONDS]}"
seconds="${2:-30}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
generator="${TMPDIR:-/tmp}/floe-openloop"
if [[ ! -x "$generator" || "$here/openloop.c" -nt "$generator" ]]; then
  cc -O2 -o "$generator" "$here/openloop.c"
fi
run() { if [[ -n "${OPENLOOP_CPUS:-}" ]]; then taskset -c "$OPENLOOP_CPUS" "$generator" "$@"; else "$generator" "$@"; fi; }
if [[ -z "${OPENLOOP_NO_WARMUP:-}" ]]; then
  run "$port" 3000 10 1 > /dev/null
  run "$port" 500 10 100 > /dev/null
fi
IFS=, read -r -a specs <<< "${OPENLOOP_RUNS:-1 500,1 1000,1 2000,100 100,100 250,100 500}"
for spec in "${specs[@]}"; do
  read -r batch rate <<< "$spec"
  printf 'load %s ' "$(cut -d' ' -f1-3 /proc/loadavg)"
  run "$port" "$rate" "$seconds" "$batch"
done
