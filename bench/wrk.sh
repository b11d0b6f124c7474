# Shared by the wrk benchmarks (source it from the project's root, with PORT set): builds the jar
# (unless BUILD=0), starts it on a fresh SQLite file in a scratch folder removed on exit, and measures.
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
DURATION=${DURATION:-15s}
[ "${BUILD:-1}" = 0 ] || ./mvnw -q -B package -DskipTests
base="http://127.0.0.1:$PORT"
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT

start_server() { # java options...; settings as ESTIMATOR_* variables before the call -> pid, java_pid
  (cd "$work" && ESTIMATOR_PORT=$PORT ESTIMATOR_MANAGEMENT_PORT=$((PORT + 1000)) ESTIMATOR_BIND=127.0.0.1 exec java @"$OLDPWD/deploy/jvm.options" "$@" \
     -jar "$OLDPWD/target/estimator.jar" > "$work/server.log" 2>&1) &
  pid=$!
  until curl -s -o /dev/null "$base/rest/v1/version"; do sleep 0.02; done
  java_pid=$(pgrep -f "estimator.jar" | head -n 1)
}

measure() { # name, wrk args... -> "name|req/s|p50|p99|errors"
  local name=$1; shift
  local out; out=$(wrk -t2 -c32 -d"$DURATION" --latency "$@")
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx|Socket errors/ {printf "%s ", $0}' <<<"$out")
  echo "$name|$rps|$p50|$p99|${errors:-none}"
}

table() { # first column's title, rows from measure... (the first row is the ceiling the others are compared with)
  local title=$1; shift
  local ceil_rps; ceil_rps=$(cut -d'|' -f2 <<<"$1")
  echo "| $title | req/s | p50 | p99 | of ceiling | errors |"
  echo "|---|---|---|---|---|---|"
  local row name rps p50 p99 errors ratio
  for row in "$@"; do
    IFS='|' read -r name rps p50 p99 errors <<<"$row"
    ratio=$(awk -v a="$rps" -v b="$ceil_rps" 'BEGIN {printf "%.0f%%", 100 * a / b}')
    echo "| $name | $rps | $p50 | $p99 | $ratio | $errors |"
  done
}
