#!/usr/bin/env bash
# Runs Keycloak on 127.0.0.1:8180 for the single sign-on tests, with the realms in
# src/test/resources/keycloak imported. Keycloak comes from Maven Central (keycloak-quarkus-dist, kept
# in the local Maven repository) and runs on a Java 21+ JDK (Temurin under /usr/lib/jvm here).
# Idempotent: a Keycloak already running with the same realm files is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=26.5.6
PORT=8180
HOME_DIR="${ESTIMATOR_CI_CACHE:-$HOME/.cache/estimator-ci}"
KC="$HOME_DIR/keycloak-$VERSION"
REALMS=src/test/resources/keycloak
DIGEST=$(cat "$REALMS"/*-realm.json | sha256sum | cut -c1-16)

log() { echo "[keycloak] $*"; }

up() { curl -fs -o /dev/null --max-time 3 "http://127.0.0.1:$PORT/realms/estimator/.well-known/openid-configuration"; }

if up && [ -f "$KC/realms.digest" ] && [ "$(cat "$KC/realms.digest")" = "$DIGEST" ]; then
  log "running (realms $DIGEST)"
  exit 0
fi

# A Java 21+ runtime: Keycloak 26 does not run on 17.
JAVA=""
for jdk in /usr/lib/jvm/temurin-2*-jdk* /usr/lib/jvm/java-2*-openjdk*; do
  if [ -x "$jdk/bin/java" ]; then JAVA="$jdk"; fi
done
if [ -z "$JAVA" ]; then
  log "no Java 21+ JDK under /usr/lib/jvm; installing Debian's openjdk-21 if there is one"
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq openjdk-21-jdk-headless >/dev/null
  JAVA=$(ls -d /usr/lib/jvm/java-21-openjdk* | head -n 1)
fi

if [ ! -x "$KC/bin/kc.sh" ]; then
  ZIP="$HOME/.m2/repository/org/keycloak/keycloak-quarkus-dist/$VERSION/keycloak-quarkus-dist-$VERSION.zip"
  if [ ! -f "$ZIP" ]; then
    log "fetching keycloak-quarkus-dist $VERSION from Maven Central"
    ./mvnw -B -q dependency:get -Dartifact="org.keycloak:keycloak-quarkus-dist:$VERSION:zip" -Dtransitive=false
  fi
  mkdir -p "$HOME_DIR"
  rm -rf "$KC.tmp" && mkdir -p "$KC.tmp"
  unzip -q "$ZIP" -d "$KC.tmp"
  mv "$KC.tmp/keycloak-$VERSION" "$KC" && rm -rf "$KC.tmp"
fi

# (Re)start with a fresh store, so the realms are exactly the files' (a changed file is imported again).
pkill -f "keycloak-$VERSION" >/dev/null 2>&1 || true
for _ in $(seq 1 30); do pgrep -f "keycloak-$VERSION" >/dev/null || break; sleep 1; done
rm -rf "$KC/data/h2" "$KC/data/import" && mkdir -p "$KC/data/import"
cp "$REALMS"/*-realm.json "$KC/data/import/"
log "starting on 127.0.0.1:$PORT with $JAVA"
(
  cd "$KC"
  JAVA_HOME="$JAVA" KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    JAVA_OPTS_KC_HEAP="-Xms64m -Xmx512m" \
    nohup bin/kc.sh start-dev --http-host=127.0.0.1 --http-port=$PORT --hostname-strict=false \
      --import-realm >"$KC/keycloak.log" 2>&1 &
)
for _ in $(seq 1 180); do
  if up; then
    echo "$DIGEST" >"$KC/realms.digest"
    log "ready (realms $DIGEST)"
    exit 0
  fi
  sleep 1
done
log "did not start; its log:"
tail -n 40 "$KC/keycloak.log"
exit 1
