#!/usr/bin/env bash
# Makes sure the servers the tests need are running on loopback, each with the database and user
# the tests expect, and that Debian's Chromium and chromedriver are installed for the browser tests. Idempotent, and fast when everything is already up. Run as root.
set -euo pipefail

log() { echo "[services] $*"; }

wait_for() { # wait_for NAME COMMAND...
  local name=$1; shift
  for _ in $(seq 1 60); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  log "$name did not become ready"; return 1
}

apt_install() {
  log "installing $*"
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "$@" >/dev/null
}

# --- Chromium for the browser tests: Debian's browser and driver, so nothing downloads one ------
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  apt_install chromium chromium-driver
fi

# --- MariaDB ---------------------------------------------------------------------------------
command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || apt_install mariadb-server
if ! mariadb-admin ping >/dev/null 2>&1; then
  log "starting MariaDB"
  install -d -o mysql -g mysql /run/mysqld /var/log/mysql
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- \
    --user=mysql --log-error=/var/log/mysql/error.log
  wait_for MariaDB mariadb-admin ping
fi
mariadb -e "CREATE DATABASE IF NOT EXISTS estimator_test CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
  CREATE USER IF NOT EXISTS 'estimator'@'127.0.0.1' IDENTIFIED BY 'estimator';
  CREATE USER IF NOT EXISTS 'estimator'@'localhost' IDENTIFIED BY 'estimator';
  GRANT ALL PRIVILEGES ON estimator_test.* TO 'estimator'@'127.0.0.1';
  GRANT ALL PRIVILEGES ON estimator_test.* TO 'estimator'@'localhost';
  FLUSH PRIVILEGES;"
log "MariaDB ready (estimator_test)"

# --- PostgreSQL ------------------------------------------------------------------------------
command -v pg_ctlcluster >/dev/null 2>&1 || apt_install postgresql
if ! pg_isready -h 127.0.0.1 -q; then
  log "starting PostgreSQL"
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  wait_for PostgreSQL pg_isready -h 127.0.0.1 -q
fi
psql_admin() { su postgres -c "psql -v ON_ERROR_STOP=1 -qtAX $*"; }
if [ "$(psql_admin "-c \"SELECT 1 FROM pg_roles WHERE rolname='estimator'\"")" != "1" ]; then
  psql_admin "-c \"CREATE ROLE estimator LOGIN PASSWORD 'estimator'\""
fi
if [ "$(psql_admin "-c \"SELECT 1 FROM pg_database WHERE datname='estimator_test'\"")" != "1" ]; then
  psql_admin "-c \"CREATE DATABASE estimator_test OWNER estimator ENCODING 'UTF8' TEMPLATE template0\""
fi
log "PostgreSQL ready (estimator_test)"

# --- Redis -----------------------------------------------------------------------------------
command -v redis-server >/dev/null 2>&1 || apt_install redis-server
if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  log "starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  wait_for Redis redis-cli -h 127.0.0.1 ping
fi
log "Redis ready"

# --- Keycloak (single sign-on tests) ---------------------------------------------------------
bash .ci/keycloak.sh
