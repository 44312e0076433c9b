#!/usr/bin/env bash
# The online-features measurement of BENCHMARKS.md against a running `floe web` on PORT: 5 s of
# unpaced GET and 5 s of unpaced POST as JIT warm-up, then GET paced, POST 100 paced and GET
# unpaced, 20 s each, with the load average before each. WRK_CPUS=1 pins wrk to that core.
set -euo pipefail
port="${1:?usage: online-runs.sh PORT}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
url="http://127.0.0.1:$port"
run() { if [[ -n "${WRK_CPUS:-}" ]]; then taskset -c "$WRK_CPUS" wrk "$@"; else wrk "$@"; fi; }
run -t2 -c50 -d5s -s "$here/online-load.lua" "$url" > /dev/null
FLOE_BATCH=100 run -t2 -c50 -d5s -s "$here/online-load.lua" "$url" > /dev/null
for spec in "1 20" "100 100" "1 0"; do
  read -r batch delay <<< "$spec"
  echo "-- FLOE_BATCH=$batch FLOE_DELAY_MS=$delay, load $(cut -d' ' -f1-3 /proc/loadavg)"
  FLOE_BATCH=$batch FLOE_DELAY_MS=$delay run -t2 -c50 -d20s --latency -s "$here/online-load.lua" "$url" \
    | grep -E "Requests/sec|  50%|  90%|  99%"
done
