#!/usr/bin/env bash
# Start-up to first response of one or more jars, run alternately (this host is noisy: compare
# within one run). Each start is in a fresh empty directory (Estimator creates and migrates its
# SQLite file there). Prints per jar: median and range of RUNS starts, the classes loaded by the
# first response (-Xlog:class+load) and the RSS then, and the jar's size.
#
#   bench/startup.sh [-n RUNS] JAR...      (default: -n 5 target/estimator.jar)
#   JAVA_OPTS="-Xmx256m" bench/startup.sh target/estimator.jar ../bare/target/bare.jar
set -euo pipefail
runs=5
if [ "${1:-}" = "-n" ]; then runs=$2; shift 2; fi
jars=("$@")
[ ${#jars[@]} -gt 0 ] || jars=(target/estimator.jar)
port=18380

start_once() { # jar [extra java options...] -> prints milliseconds to the first 200 of /rest/v1/version
  local jar=$1; shift
  local dir; dir=$(mktemp -d)
  local begin; begin=$(date +%s%N)
  (cd "$dir" && exec env ESTIMATOR_PORT=$port ESTIMATOR_MANAGEMENT_PORT=$((port + 1)) \
      java ${JAVA_OPTS:-} "$@" -Dquarkus.http.port=$port -jar "$jar" >"$dir/out.log" 2>&1) &
  local pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/rest/v1/version"; do
    if ! kill -0 $pid 2>/dev/null; then echo "failed: $(tail -3 "$dir/out.log")" >&2; return 1; fi
    sleep 0.02
  done
  local ms=$(( ($(date +%s%N) - begin) / 1000000 ))
  LAST_RSS=$(( $(ps -o rss= -p $pid) / 1024 ))
  kill $pid; wait $pid 2>/dev/null || true
  rm -rf "$dir"
  echo $ms
}

declare -A times
for ((r = 1; r <= runs; r++)); do
  for jar in "${jars[@]}"; do
    abs=$(readlink -f "$jar")
    times[$jar]+="$(start_once "$abs") "
  done
done
for jar in "${jars[@]}"; do
  abs=$(readlink -f "$jar")
  sorted=$(tr ' ' '\n' <<<"${times[$jar]}" | grep . | sort -n)
  median=$(sed -n "$(( (runs + 1) / 2 ))p" <<<"$sorted")
  log=$(mktemp)
  start_once "$abs" "-Xlog:class+load:file=$log" >/dev/null
  classes=$(grep -c . "$log"); rm -f "$log"
  printf '%s: start-up median %s ms (%s..%s ms over %s runs), %s classes loaded, RSS %s MB, jar %s MB\n' \
    "$jar" "$median" "$(head -1 <<<"$sorted")" "$(tail -1 <<<"$sorted")" "$runs" "$classes" "$LAST_RSS" \
    "$(( $(stat -c %s "$abs") / 1024 / 1024 ))"
done
