# Shared by the wrk benchmarks (source it): one measurement per call, one Markdown table per run.
# Needs DURATION.

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
