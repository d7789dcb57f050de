#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432, lets the `postgres` user in over local
# TCP, and has a `test` database; then prints the URL to use as the LAST line of stdout:
#
#   TEST_DATABASE_URL="$(test/env/ensure-postgres.sh | tail -n1)" npx jest test/persistence
#
# For CI on Debian 12 (run as root). Idempotent, and quick when PostgreSQL already runs: then it
# only checks the connection and the database. Diagnostics go to stderr.
#
# A server that is already running is used as it is, except that a local Debian cluster which
# refuses the `postgres` user over TCP gets a loopback-only `trust` rule for that user.
# PGPASSWORD, if set, is used for the connection and put into the printed URL.
set -euo pipefail

readonly HOST=127.0.0.1
readonly PORT=5432
readonly DB=test
readonly HBA_MARKER='# switchboard: trust postgres over loopback TCP (test/env/ensure-postgres.sh)'

say() { echo "ensure-postgres: $*" >&2; }
die() {
  say "$*"
  exit 1
}

answers() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$HOST" -p "$PORT" -t 3
  else
    timeout 3 bash -c "exec 3<>/dev/tcp/$HOST/$PORT" 2>/dev/null
  fi
}

sql() { PGCONNECT_TIMEOUT=5 psql -X -q -A -t -v ON_ERROR_STOP=1 -h "$HOST" -p "$PORT" -U postgres -d postgres -c "$1"; }

can_connect() { sql 'SELECT 1' >/dev/null 2>&1; }

apt_install() {
  [[ $EUID -eq 0 ]] || die "need root to install $* (or start PostgreSQL on $HOST:$PORT yourself)"
  say "installing $* (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "$@" >&2
}

# Newest installed server version, e.g. 15 on Debian 12; empty when none is installed.
server_version() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin/postgres 2>/dev/null | sort -V | tail -n1) || true
  [[ -n $dir ]] && basename "$(dirname "$(dirname "$dir")")"
  return 0
}

start_local_cluster() {
  local version
  version=$(server_version)
  [[ -n $version ]] || apt_install postgresql
  version=$(server_version)
  [[ -n $version ]] || die "postgresql installed, but no server binary under /usr/lib/postgresql"

  if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { found = 1 } END { exit !found }'; then
    say "creating cluster $version/main"
    pg_createcluster --port "$PORT" "$version" main >&2
  fi
  local port
  port=$(pg_conftool -s "$version" main show port 2>/dev/null || echo "$PORT")
  [[ $port == "$PORT" ]] || die "cluster $version/main is configured for port $port, not $PORT"

  say "starting cluster $version/main"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || true
  for _ in $(seq 1 60); do
    answers && return 0
    sleep 0.5
  done
  die "cluster $version/main did not answer on $HOST:$PORT within 30 s; see /var/log/postgresql/"
}

# Adds a loopback-only trust rule for `postgres` at the top of the local cluster's pg_hba.conf
# (first match wins), then reloads. Returns non-zero when there is no local cluster to change.
trust_postgres_over_tcp() {
  local version hba
  version=$(server_version)
  [[ -n $version && $EUID -eq 0 ]] || return 1
  hba=/etc/postgresql/$version/main/pg_hba.conf
  [[ -f $hba ]] || return 1
  if ! grep -qF "$HBA_MARKER" "$hba"; then
    say "allowing the postgres user over loopback TCP without a password ($hba)"
    {
      echo "$HBA_MARKER"
      echo "host all postgres 127.0.0.1/32 trust"
      echo "host all postgres ::1/128 trust"
      cat "$hba"
    } >"$hba.new"
    chown --reference="$hba" "$hba.new"
    chmod --reference="$hba" "$hba.new"
    mv "$hba.new" "$hba"
  fi
  pg_ctlcluster --skip-systemctl-redirect "$version" main reload >&2
}

ensure_database() {
  [[ $(sql "SELECT 1 FROM pg_database WHERE datname = '$DB'") == 1 ]] && return 0
  say "creating database $DB"
  # Another job may create it at the same moment: only a still-missing database is an error.
  sql "CREATE DATABASE \"$DB\"" >/dev/null 2>&1 || [[ $(sql "SELECT 1 FROM pg_database WHERE datname = '$DB'") == 1 ]] ||
    die "could not create database $DB"
}

answers || start_local_cluster
command -v psql >/dev/null 2>&1 || apt_install postgresql-client
if ! can_connect; then
  trust_postgres_over_tcp || true
  can_connect || die "PostgreSQL answers on $HOST:$PORT but refuses user postgres (set PGPASSWORD, or allow it in pg_hba.conf)"
fi
ensure_database

if [[ -n ${PGPASSWORD:-} ]]; then
  password=$(node -e 'process.stdout.write(encodeURIComponent(process.argv[1]))' "$PGPASSWORD" 2>/dev/null || printf '%s' "$PGPASSWORD")
  echo "postgres://postgres:$password@$HOST:$PORT/$DB"
else
  echo "postgres://postgres@$HOST:$PORT/$DB"
fi
