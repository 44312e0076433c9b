#!/usr/bin/env bash
# Online lookups over HTTP with the server and the load generator on cores of their own (issue 14):
# `floe web` pinned to core 0 (`taskset -c 0`), the open-loop generator (online-openloop.sh) to
# core 1, first QUIET, then BUSY: a second process spinning on the server's core at normal
# priority. RUNS runs each (default 3), every run GET one user at 1,000/s and POST 100 users at
# 250/s for SECONDS (default 15). Beside it, the same pinning and the same neighbour for the bare
# floor of this VM's loopback: redis-server on core 0, redis-benchmark (one connection, GET) on
# core 1. Prints one line per run: mode, run, the load average before it, the generator's JSON.
#
#   web/bench/online-pinned.sh DATA_DIR [SECONDS] [RUNS]
#
# DATA_DIR holds a featurized store (`floe --data-dir DATA_DIR generate …` then `featurize`); the
# server materializes its newest snapshot into the embedded store before the runs. FLOE_JAVA_OPTS
# is passed to the server's JVM (./floe reads it). Needs taskset and 2 cores; redis-server and
# redis-benchmark are optional (the floor is skipped without them).
set -euo pipefail
data_dir="${1:?usage: online-pinned.sh DATA_DIR [SECONDS] [RUNS]}"
seconds="${2:-15}"
runs="${3:-3}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
server_cpu=0
generator_cpu=1

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

busy_pid=""
start_busy() {
  # A neighbour that wants the whole core, as a featurize or another tenant would.
  taskset -c "$server_cpu" bash -c 'while :; do :; done' &
  busy_pid=$!
  pids+=("$busy_pid")
}
stop_busy() { kill "$busy_pid"; wait "$busy_pid" 2>/dev/null || true; busy_pid=""; }

port="$(free_port)"
log="${TMPDIR:-/tmp}/floe-online-pinned-$port.log"
taskset -c "$server_cpu" "$root/floe" --data-dir "$data_dir" web --port "$port" > "$log" 2>&1 &
pids+=("$!")
# Up once a known user is served: the embedded store has loaded the snapshot.
for _ in $(seq 1 600); do
  if [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/features/online/1" || true)" == 200 ]]; then
    break
  fi
  sleep 0.5
done
curl -sf -o /dev/null "http://127.0.0.1:$port/features/online/1" || { echo "online-pinned: floe web did not serve user 1 (log: $log)" >&2; exit 1; }

export OPENLOOP_CPUS="$generator_cpu" OPENLOOP_RUNS="1 1000,100 250"
OPENLOOP_RUNS="1 1000" "$here/online-openloop.sh" "$port" 1 > /dev/null  # compiles the generator, warms up
for mode in quiet busy; do
  [[ "$mode" == busy ]] && start_busy
  for run in $(seq 1 "$runs"); do
    OPENLOOP_NO_WARMUP=1 "$here/online-openloop.sh" "$port" "$seconds" | sed "s/^/floe $mode $run /"
  done
  [[ "$mode" == busy ]] && stop_busy
done

if command -v redis-server > /dev/null && command -v redis-benchmark > /dev/null; then
  redis_port="$(free_port)"
  taskset -c "$server_cpu" redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no > /dev/null &
  pids+=("$!")
  sleep 0.5
  requests=$((1000 * seconds))
  for mode in quiet busy; do
    [[ "$mode" == busy ]] && start_busy
    for run in $(seq 1 "$runs"); do
      printf 'redis %s %s load %s ' "$mode" "$run" "$(load)"
      taskset -c "$generator_cpu" redis-benchmark -p "$redis_port" -c 1 -n "$requests" -t get --precision 3 \
        | awk '/avg +min +p50/ { getline; printf "{\"p50_ms\": %s, \"p95_ms\": %s, \"p99_ms\": %s, \"max_ms\": %s}\n", $3, $4, $5, $6 }'
    done
    [[ "$mode" == busy ]] && stop_busy
  done
else
  echo "online-pinned: redis-server/redis-benchmark not on PATH, the bare floor is skipped" >&2
fi
