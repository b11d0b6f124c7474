#!/usr/bin/env bash
# The seed endpoints under load: builds the jar (unless BUILD=0), starts it on a fresh SQLite file,
# warms up, then measures with wrk (2 threads, 32 connections, 15 s each):
#   ceiling  GET /rest/v1/version         (trivial JSON from the same server)
#   GET      GET /rest/v1/group/{name}    (an existing group)
#   POST     POST /rest/v1/group/{unique} (a new group per request)
# and prints a Markdown block to paste into bench/RESULTS.md, with start-up time and RSS.
# Usage: bench/run.sh [extra java options...]   e.g. bench/run.sh -XX:SharedArchiveFile=...
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18080}
. bench/wrk.sh

start_ns=$(date +%s%N)
ESTIMATOR_LIMIT_GROUPS_PER_CLIENT=0 start_server "$@"
startup_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))

curl -s -o /dev/null -X POST "$base/rest/v1/group/BenchGroup"
# Warm-up: let the JIT compile the paths measured below.
wrk -t2 -c32 -d10s "$base/rest/v1/version" >/dev/null
wrk -t2 -c32 -d10s "$base/rest/v1/group/BenchGroup" >/dev/null
wrk -t2 -c32 -d10s -s bench/post-unique.lua "$base" -- warm$$ >/dev/null

ceiling=$(measure ceiling "$base/rest/v1/version")
get=$(measure GET "$base/rest/v1/group/BenchGroup")
post=$(measure POST -s bench/post-unique.lua "$base" -- run$$)
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$java_pid/status")

echo
echo "### $(date -u +%Y-%m-%d) — $(nproc) cores, $(java -version 2>&1 | head -n 1), SQLite WAL"
echo
echo "Command: \`bench/run.sh $*\` (wrk -t2 -c32 -d$DURATION after 10 s warm-up each)"
echo
table endpoint "$ceiling" "$get" "$post"
echo
echo "Start-up to first response: ${startup_ms} ms. RSS after the load: $((rss_kb / 1024)) MB."
