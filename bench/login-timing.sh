#!/usr/bin/env bash
# Sign-in timing: an unknown email must take as long as a wrong password (no account enumeration
# by timing). Starts the jar on a fresh SQLite file, registers one user, then times N failed
# sign-ins of each kind alternately with curl and prints the medians.
# Usage: bench/login-timing.sh [N]   (BUILD=0 to reuse target/estimator.jar)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-30}
PORT=${PORT:-18085}
[ "${BUILD:-1}" = 0 ] || ./mvnw -q -B package -DskipTests
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
(cd "$work" && ESTIMATOR_PORT=$PORT ESTIMATOR_BIND=127.0.0.1 ESTIMATOR_LIMIT_LOGIN_FAILURES_PER_ACCOUNT=0 \
  ESTIMATOR_LIMIT_LOGIN_FAILURES_PER_CLIENT=0 exec java @"$OLDPWD/deploy/jvm.options" -jar "$OLDPWD/target/estimator.jar" > server.log 2>&1) &
pid=$!
base="http://127.0.0.1:$PORT/rest/v1"
until curl -s -o /dev/null "$base/version"; do sleep 0.1; done
curl -s -o /dev/null -H 'Content-Type: application/json' \
  -d '{"nickname":"T","email":"known@example.test","password":"the right password!"}' "$base/users"
time_login() { # email [password] -> seconds
  curl -s -o /dev/null -w '%{time_total}\n' -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"${2:-a wrong password here}\"}" "$base/session"
}
long=$(head -c 2000 /dev/zero | tr '\0' x) # over the 1,024-character maximum
for _ in 1 2 3 4 5; do time_login known@example.test >/dev/null; time_login nobody@example.test >/dev/null; done
known=(); unknown=(); known_long=(); unknown_long=()
for _ in $(seq 1 "$N"); do
  known+=("$(time_login known@example.test)")
  unknown+=("$(time_login nobody-$RANDOM@example.test)")
  known_long+=("$(time_login known@example.test "$long")")
  unknown_long+=("$(time_login nobody-$RANDOM@example.test "$long")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
mk=$(median "${known[@]}"); mu=$(median "${unknown[@]}")
mkl=$(median "${known_long[@]}"); mul=$(median "${unknown_long[@]}")
echo "wrong password: median ${mk}s over $N; unknown email: median ${mu}s over $N; ratio $(ratio "$mu" "$mk")"
echo "over-long password, known email: median ${mkl}s; unknown email: median ${mul}s; ratio $(ratio "$mul" "$mkl")"
