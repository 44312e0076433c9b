#!/usr/bin/env bash
# The pipeline's commands on the embedded catalog and on an Iceberg REST catalog with S3 storage,
# one after the other in one run, same parameters: wall time of each whole command (JVM start
# included). The REST catalog (test-servers' LoopbackRestCatalogServer) and the object store (Adobe
# S3Mock) are the servers the tests start, on loopback.
#
#   mvn -B -q -DskipTests package          # floe.jar and the test servers' classpaths
#   worker/bench/rest-vs-embedded.sh [EVENTS] [USERS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
events=${1:-10000000}
users=${2:-100000}
jar=worker/target/floe.jar
servers=test-servers/target
work=$(mktemp -d /tmp/floe-rest-bench.XXXXXX)
s3_port=$((20000 + RANDOM % 10000))
rest_port=$((s3_port + 1))
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

java -Xmx384m -jar "$servers/s3mock/s3mock.jar" --server.address=127.0.0.1 --server.port=0 \
  --http.port="$s3_port" --com.adobe.testing.s3mock.store.initial-buckets=floe \
  --com.adobe.testing.s3mock.store.root="$work/s3" --spring.main.banner-mode=off >"$work/s3mock.log" 2>&1 &
pids+=($!)
CATALOG_REST_PORT=$rest_port CATALOG_URI=jdbc:sqlite:$work/rest.db CATALOG_WAREHOUSE=s3://floe/warehouse \
  CATALOG_IO__IMPL=org.apache.iceberg.aws.s3.S3FileIO CATALOG_S3_ENDPOINT=http://127.0.0.1:$s3_port \
  CATALOG_S3_PATH__STYLE__ACCESS=true CATALOG_S3_ACCESS__KEY__ID=bench CATALOG_S3_SECRET__ACCESS__KEY=bench \
  CATALOG_CLIENT_REGION=us-east-1 CATALOG_HTTP__CLIENT_TYPE=urlconnection \
  java -Xmx256m -cp "$servers/rest-catalog/*:$servers/classes" dev.floe.testservers.LoopbackRestCatalogServer \
  >"$work/rest.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 240); do
  curl -sf "http://127.0.0.1:$rest_port/v1/config" >/dev/null 2>&1 && break
  sleep 0.5
done

rest_env=(FLOE_CATALOG=rest:http://127.0.0.1:$rest_port FLOE_WAREHOUSE=s3://floe/warehouse
  FLOE_S3_ENDPOINT=http://127.0.0.1:$s3_port AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench
  AWS_REGION=us-east-1)

# timed MODE STEP ARGS...: one command's wall seconds, appended to the results.
timed() {
  local mode=$1 step=$2; shift 2
  local env=()
  [[ $mode == rest ]] && env=("${rest_env[@]}")
  local start end
  start=$(date +%s.%N)
  env "${env[@]}" java -jar "$jar" "$@" >"$work/$mode-$step.out" 2>"$work/$mode-$step.err" \
    || { echo "$mode $step failed:"; cat "$work/$mode-$step.err"; exit 1; }
  end=$(date +%s.%N)
  printf '%s\t%s\t%.1f\n' "$mode" "$step" "$(echo "$end - $start" | bc)" | tee -a "$work/results.tsv"
}

echo "events $events, users $users, days 90; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for mode in embedded rest; do
  dir="$work/$mode-data"
  timed "$mode" generate --data-dir "$dir" generate --users "$users" --events "$events" --days 90 \
    --end-date 2025-09-17 --seed 42
  timed "$mode" featurize --data-dir "$dir" featurize
  timed "$mode" train --data-dir "$dir" train
  timed "$mode" export-features --data-dir "$dir" export-features --out "$work/$mode-features.parquet"
  [[ $mode == rest ]] && timed rest export-features-cold --data-dir "$work/rest-cold" export-features \
    --out "$work/rest-cold-features.parquet"
done
# The same features and threshold on both catalogs.
emb=$(grep -o '"decision_threshold" *: *[0-9.]*' "$work/embedded-train.out" | head -1)
rst=$(grep -o '"decision_threshold" *: *[0-9.]*' "$work/rest-train.out" | head -1)
echo "threshold embedded: $emb; rest: $rst"
[[ "$emb" == "$rst" ]] || { echo "thresholds differ"; exit 1; }
cmp "$work/embedded-features.parquet" "$work/rest-features.parquet" && echo "features: identical files"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
