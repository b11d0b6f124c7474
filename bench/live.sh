#!/usr/bin/env bash
# Live events under load (issue: live groups). Starts the jar and runs bench/LiveLoad.java against it:
#   GROUPS groups x STREAMS streams (guests), one estimate per group every INTERVAL ms, for SECONDS s.
# Usage: bench/live.sh one|pg|two [INTERVAL_MS]
#   one  one instance on a fresh SQLite file (the default set-up)
#   pg   one instance on PostgreSQL (database estimator_test of .ci/services.sh)
#   two  two instances on PostgreSQL (database estimator_test) sharing the local Redis; streams and
#        estimates alternate between them
# The same load runs WARMUP_S seconds (default 90, for the JIT) before the measured SECONDS_N.
# Prints the client's figures and the server's CPU time and RSS (per instance).
# JAR=path runs another build (the previous commit's, for a before/after in one sitting). The server runs with
# the JVM options of deploy/jvm.options (the README's), or JVM='...' instead (JVM=-Xmx256m: G1); JAVA_OPTS adds to them (JFR, NMT).
set -euo pipefail
cd "$(dirname "$0")/.."
options=$(pwd)/deploy/jvm.options
MODE=${1:-one}
INTERVAL=${2:-500}
GROUPS_N=${GROUPS_N:-100}
STREAMS=${STREAMS:-20}
SECONDS_N=${SECONDS_N:-30}
[ "${BUILD:-1}" = 0 ] || ./mvnw -q -B package -DskipTests
jar=$(realpath "${JAR:-target/estimator.jar}")
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; [ -n "${KEEP:-}" ] && cp -r "$work" "$KEEP"; rm -rf "$work"' EXIT

start() { # port, extra env...
  local port=$1; shift
  mkdir -p "$work/$port"
  (cd "$work/$port" && exec env ESTIMATOR_PORT="$port" ESTIMATOR_MANAGEMENT_PORT=$((port + 1000)) ESTIMATOR_BIND=127.0.0.1 ESTIMATOR_LIMIT_GROUPS_PER_CLIENT=0 \
     ESTIMATOR_LIMIT_JOINS_PER_CLIENT=0 ESTIMATOR_LIMIT_REGISTRATIONS_PER_CLIENT=0 \
     ESTIMATOR_LIMIT_STREAMS_PER_USER=200 ESTIMATOR_LIMIT_STREAM_OPENS_PER_USER=0 "$@" \
     java ${JVM:-@$options} ${JAVA_OPTS:-} -jar "$jar" > "$work/$port/server.log" 2>&1) &
  pids+=($!)
  until curl -s -o /dev/null "http://127.0.0.1:$port/rest/v1/version"; do sleep 0.1; done
}

pg=(ESTIMATOR_DB_URL=jdbc:postgresql://127.0.0.1:5432/estimator_test ESTIMATOR_DB_USER=estimator ESTIMATOR_DB_PASSWORD=estimator)
case "$MODE" in
  one) start 18081; ports=(18081) ;;
  pg) start 18081 "${pg[@]}"; ports=(18081) ;;
  two) start 18081 "${pg[@]}" ESTIMATOR_REDIS_URL=redis://127.0.0.1:6379 ESTIMATOR_REDIS_PREFIX=estimator-bench-$$
       start 18082 "${pg[@]}" ESTIMATOR_REDIS_URL=redis://127.0.0.1:6379 ESTIMATOR_REDIS_PREFIX=estimator-bench-$$
       ports=(18081 18082) ;;
  *) echo "mode: one, pg or two" >&2; exit 2 ;;
esac
bases=$(printf 'http://127.0.0.1:%s,' "${ports[@]}"); bases=${bases%,}
server_pids=$(for p in "${ports[@]}"; do ss -ltnpH "sport = :$p" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -n 1; done | paste -sd,)
LIVE_PIDS=$server_pids java -Xmx1g bench/LiveLoad.java "$bases" "$GROUPS_N" "$STREAMS" "$INTERVAL" "$SECONDS_N"
for p in "${ports[@]}"; do
  pid=$(ss -ltnpH "sport = :$p" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -n 1)
  echo "instance :$p RSS after the run $(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status") MB"
done
echo "($(date -u +%Y-%m-%d), $(nproc) cores, mode $MODE, $GROUPS_N groups x $STREAMS streams, one estimate per group every $INTERVAL ms, ${SECONDS_N} s)"
