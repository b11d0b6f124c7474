#!/usr/bin/env bash
# Live pages under load (issue 13): GROUPS groups x STREAMS members, each with the page of the issue
# being estimated open, plus each group's owner on it; one card per group every INTERVAL ms (default
# 500: 200 cards/s). Each page client does what app.js does with each event of its stream:
#   apply  today's app.js: counts and the owner's review are set from the events (a review that appears or
#          changes its rows fetches the live part)
#   fetch  app.js before the pages applied events: every event fetches the page's live part
# Prints the time from each card to the HTML that shows it, the live parts fetched, the server's CPU.
# Usage: bench/pages-live.sh apply|fetch [INTERVAL_MS]   (BUILD, JAR, WARMUP_S, SECONDS_N as bench/live.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
export PAGES=${1:-apply}
exec bench/live.sh one "${2:-500}"
