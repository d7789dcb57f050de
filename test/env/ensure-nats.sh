#!/usr/bin/env bash
# Makes sure nats-server is installed and a NATS server with JetStream answers on 127.0.0.1:4222,
# then prints its URL as the LAST line of stdout:
#
#   NATS_URL="$(bash test/env/ensure-nats.sh | tail -n1)"
#
# Idempotent: a server already answering on the port is used as it is (it must have JetStream);
# otherwise one is started in the background on loopback, with its store in $NATS_TEST_DIR.
# Installs the Debian package `nats-server` when missing (root, or sudo). Diagnostics go to stderr.
#
# Env: NATS_TEST_PORT (4222), NATS_TEST_DIR (${TMPDIR:-/tmp}/switchboard-test-nats)
# Stop the server it started: kill "$(cat "$NATS_TEST_DIR/nats.pid")"
#
# Most suites start their own private nats-server on a random port and only need the binary;
# this shared server is for suites and benchmarks that take NATS_URL.
set -euo pipefail

readonly HOST=127.0.0.1
readonly PORT="${NATS_TEST_PORT:-4222}"
readonly DIR="${NATS_TEST_DIR:-${TMPDIR:-/tmp}/switchboard-test-nats}"

say() { echo "ensure-nats: $*" >&2; }
die() {
  say "$*"
  exit 1
}

# Debian installs nats-server in /usr/sbin, which is not on every PATH.
find_nats() {
  command -v nats-server 2>/dev/null && return 0
  local dir
  for dir in /usr/sbin /usr/local/bin; do
    if [ -x "$dir/nats-server" ]; then
      echo "$dir/nats-server"
      return 0
    fi
  done
  return 1
}

# The INFO line a NATS server sends on connect, or nothing.
info_line() {
  timeout 3 bash -c "exec 3<>/dev/tcp/$HOST/$PORT && head -n1 <&3" 2>/dev/null || true
}

if ! BIN="$(find_nats)"; then
  say "nats-server not found: installing the Debian package"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "not root and no sudo: install nats-server yourself"
    SUDO="sudo"
  fi
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends nats-server >&2
  BIN="$(find_nats)" || die "nats-server still not found after installing it"
fi
say "using $BIN ($("$BIN" --version 2>&1))"

INFO="$(info_line)"
if [ -z "$INFO" ]; then
  mkdir -p "$DIR"
  say "starting nats-server with JetStream on $HOST:$PORT (store $DIR, log $DIR/nats.log)"
  nohup "$BIN" -a "$HOST" -p "$PORT" -js -sd "$DIR" -P "$DIR/nats.pid" </dev/null >>"$DIR/nats.log" 2>&1 &
  for _ in $(seq 1 100); do
    INFO="$(info_line)"
    [ -n "$INFO" ] && break
    sleep 0.1
  done
  if [ -z "$INFO" ]; then
    tail -n 20 "$DIR/nats.log" >&2 || true
    die "nats-server did not answer on $HOST:$PORT within 10 s"
  fi
else
  say "a NATS server already answers on $HOST:$PORT: using it"
fi

case "$INFO" in
  INFO*'"jetstream":true'*) ;;
  INFO*) die "the NATS server on $HOST:$PORT runs without JetStream; stop it or set NATS_TEST_PORT" ;;
  *) die "something that is not NATS answers on $HOST:$PORT" ;;
esac
echo "nats://$HOST:$PORT"
