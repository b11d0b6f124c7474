#!/usr/bin/env bash
# Two instances behind nginx (deploy/nginx.conf) on loopback, sharing PostgreSQL (.ci/services.sh's
# estimator_test) and the local Redis. Checks a live round through the balancer: a member's event
# stream and the owner's estimate may land on different instances; the event must still arrive.
# With LOAD=1 it then runs bench/LiveLoad.java through nginx (GROUPS_N x STREAMS, INTERVAL ms).
# Installs nginx from Debian if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v nginx >/dev/null || { apt-get -o DPkg::Lock::Timeout=600 update -qq && apt-get -o DPkg::Lock::Timeout=600 install -y -qq nginx-light >/dev/null; }
[ "${BUILD:-1}" = 0 ] || ./mvnw -q -B package -DskipTests
work=$(mktemp -d)
pids=()
trap 'nginx -c "$work/nginx.conf" -p "$work" -s stop 2>/dev/null || true; for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"' EXIT
PORT=${PORT:-18090}

for port in 8080 8081; do
  mkdir -p "$work/$port"
  (cd "$work/$port" && exec env ESTIMATOR_PORT=$((port + 10011)) ESTIMATOR_BIND=127.0.0.1 ESTIMATOR_MANAGEMENT_PORT=$((port + 11011)) ESTIMATOR_TRUSTED_PROXIES=127.0.0.1 \
     ESTIMATOR_DB_URL=jdbc:postgresql://127.0.0.1:5432/estimator_test ESTIMATOR_DB_USER=estimator ESTIMATOR_DB_PASSWORD=estimator \
     ESTIMATOR_REDIS_URL=redis://127.0.0.1:6379 ESTIMATOR_LIMIT_JOINS_PER_CLIENT=0 ESTIMATOR_LIMIT_GROUPS_PER_CLIENT=0 \
     ESTIMATOR_LIMIT_REGISTRATIONS_PER_CLIENT=0 ESTIMATOR_REDIS_PREFIX=estimator-bench-$$ java @"$OLDPWD/deploy/jvm.options" -jar "$OLDPWD/target/estimator.jar" > "$work/$port/server.log" 2>&1) &
  pids+=($!)
done
# deploy/nginx.conf as published, with the instances on 18091/18092 and nginx on $PORT.
sed -e "s/127.0.0.1:8080/127.0.0.1:18091/; s/127.0.0.1:8081/127.0.0.1:18092/; s/listen 80;/listen 127.0.0.1:$PORT;/" \
  deploy/nginx.conf > "$work/site.conf"
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path $work; proxy_temp_path $work; fastcgi_temp_path $work; uwsgi_temp_path $work; scgi_temp_path $work;
  include $work/site.conf;
}
CONF
nginx -c "$work/nginx.conf" -p "$work" -g 'daemon off;' > "$work/nginx.out" 2>&1 &
pids+=($!)
for port in 18091 18092; do
  until curl -s -o /dev/null "http://127.0.0.1:$port/rest/v1/version"; do sleep 0.2; done
done
base="http://127.0.0.1:$PORT/rest/v1"
json() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"; }
run=$RANDOM$RANDOM
for who in owner ann; do
  curl -sf -X POST "$base/users" -H 'Content-Type: application/json' \
    -d "{\"nickname\":\"$who\",\"email\":\"$who-$run@example.test\",\"password\":\"correct horse battery staple\"}" >/dev/null
  declare "$who=$(curl -sf -X POST "$base/session" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$who-$run@example.test\",\"password\":\"correct horse battery staple\"}" | json token)"
done
group="nginx-$run"
curl -sf -X POST "$base/group/$group" -H "Authorization: Bearer $owner" >/dev/null
code=$(curl -sf -X POST "$base/group/$group/invitations" -H "Authorization: Bearer $owner" -H 'Content-Type: application/json' -d '{}' | json code)
curl -sf -X POST "$base/group/$group/members" -H "Authorization: Bearer $ann" -H 'Content-Type: application/json' -d "{\"code\":\"$code\"}" >/dev/null
issue=$(curl -sf -X POST "$base/group/$group/issues" -H "Authorization: Bearer $owner" -H 'Content-Type: application/json' \
  -d '{"storyRef":"NGINX-1","description":"through the balancer"}' | sed -n 's/.*"id":\([0-9]*\).*/\1/p')
# Ann listens with a ticket (as a browser's EventSource would); the owner estimates four times, so
# with round-robin balancing the stream and the estimates surely meet on different instances.
ticket=$(curl -sf -X POST "$base/group/$group/events/ticket" -H "Authorization: Bearer $ann" | json ticket)
curl -sN "$base/group/$group/events?ticket=$ticket" > "$work/stream.txt" &
pids+=($!)
sleep 1
for i in 1 2 3 4; do
  i2=$(curl -sf -X POST "$base/group/$group/issues" -H "Authorization: Bearer $owner" -H 'Content-Type: application/json' \
    -d "{\"storyRef\":\"NGINX-$((i + 1))\",\"description\":\"d\"}" | sed -n 's/.*"id":\([0-9]*\).*/\1/p')
  curl -sf -X PUT "$base/group/$group/issues/$i2/estimate" -H "Authorization: Bearer $owner" -H 'Content-Type: application/json' -d '{"value":3}'
  curl -sf -o /dev/null "$base/version" # three requests a round: the estimates alternate between the instances
done
sleep 2
counts=$(grep -c '^event:estimates.count' "$work/stream.txt" || true)
served=$(for port in 8080 8081; do grep -c '/estimate HTTP' "$work/$port/server.log" || true; done | paste -sd/)
echo "through nginx: $counts of 4 estimates.count events reached the stream (estimates per instance: $served)"
[ "$counts" = 4 ] || { echo "FAILED: events missing" >&2; exit 1; }
if [ "${LOAD:-0}" = 1 ]; then
  java -Xmx1g bench/LiveLoad.java "http://127.0.0.1:$PORT" "${GROUPS_N:-100}" "${STREAMS:-20}" "${INTERVAL:-500}" "${SECONDS_N:-30}"
fi
