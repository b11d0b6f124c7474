#!/usr/bin/env bash
# What the web pages cost: every event of a group makes each open page fetch its live part again
# (?fragment=live), so that fetch is the pages' hot path. Builds the jar (unless BUILD=0), starts it
# on a fresh SQLite file, fills one group (8 members, 20 issues, estimates on the first), warms up,
# then measures with wrk (2 threads, 32 connections, 15 s each, signed in by the session cookie):
#   ceiling        GET /rest/v1/version
#   JSON issues    GET /rest/v1/group/{name}/issues          (the API's list, bearer token)
#   group page     GET /group/{name}                         (the whole page)
#   group live     GET /group/{name}?fragment=live           (members, issues, invite links)
#   issue live     GET /group/{name}/issues/{id}?fragment=live (owner: progress, review, controls)
# and prints a Markdown block for bench/RESULTS.md with the RSS afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18082}
. bench/wrk.sh
ESTIMATOR_ACCESS_LOG=false ESTIMATOR_LIMIT_REGISTRATIONS_PER_CLIENT=0 ESTIMATOR_LIMIT_JOINS_PER_CLIENT=0 start_server "$@"

json() { curl -s -H 'Content-Type: application/json' "$@"; }
field() { sed -E "s/.*\"$1\":\"?([^\",}]*).*/\1/"; }
user() { # nickname -> token
  local email="$1-$$@bench.test"
  json -X POST "$base/rest/v1/users" -d "{\"nickname\":\"$1\",\"email\":\"$email\",\"password\":\"bench password of sixteen\"}" >/dev/null
  json -X POST "$base/rest/v1/session" -d "{\"email\":\"$email\",\"password\":\"bench password of sixteen\"}" | field token
}
owner=$(user Owner)
auth=(-H "Authorization: Bearer $owner")
json "${auth[@]}" -X POST "$base/rest/v1/group/BenchPages" >/dev/null
for i in $(seq 1 20); do
  json "${auth[@]}" -X POST "$base/rest/v1/group/BenchPages/issues" -d "{\"storyRef\":\"BENCH-$i\",\"description\":\"Issue number $i of the benchmark\"}" >/dev/null
done
issue=$(json "${auth[@]}" "$base/rest/v1/group/BenchPages/issues" | sed -E 's/^\[\{"id":([0-9]+).*/\1/')
for n in $(seq 1 7); do
  code=$(json "${auth[@]}" -X POST "$base/rest/v1/group/BenchPages/invitations" -d '{}' | field code)
  t=$(user "Member$n")
  json -H "Authorization: Bearer $t" -X POST "$base/rest/v1/group/BenchPages/members" -d "{\"code\":\"$code\"}" >/dev/null
  json -H "Authorization: Bearer $t" -X PUT "$base/rest/v1/group/BenchPages/issues/$issue/estimate" -d "{\"value\":$((n * 3))}" >/dev/null
done
cookie=(-H "Cookie: estimator_session=$owner")

for url in "$base/rest/v1/version" "$base/group/BenchPages" "$base/group/BenchPages?fragment=live" \
           "$base/group/BenchPages/issues/$issue?fragment=live"; do
  wrk -t2 -c32 -d10s "${cookie[@]}" "$url" >/dev/null
done
wrk -t2 -c32 -d10s "${auth[@]}" "$base/rest/v1/group/BenchPages/issues" >/dev/null

rows=(
  "$(measure ceiling "$base/rest/v1/version")"
  "$(measure "JSON issues" "${auth[@]}" "$base/rest/v1/group/BenchPages/issues")"
  "$(measure "group page" "${cookie[@]}" "$base/group/BenchPages")"
  "$(measure "group live" "${cookie[@]}" "$base/group/BenchPages?fragment=live")"
  "$(measure "issue live" "${cookie[@]}" "$base/group/BenchPages/issues/$issue?fragment=live")"
)
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$java_pid/status")
echo
echo "### Pages, $(date -u +%Y-%m-%d) — $(nproc) cores, $(java -version 2>&1 | head -n 1), SQLite WAL"
echo
echo "Command: \`bench/pages.sh $*\` (wrk -t2 -c32 -d$DURATION after 10 s warm-up each; 8 members, 20 issues)"
echo
table request "${rows[@]}"
echo
echo "RSS after the run: $((rss_kb / 1024)) MB (deploy/jvm.options)"
