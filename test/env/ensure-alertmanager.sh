#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Makes sure Prometheus Alertmanager (and its amtool) is installed, for the suites that start a
# private Alertmanager per suite (test/support/alertmanager-test-server.ts). Starts nothing.
#
#   bash test/env/ensure-alertmanager.sh
#
# Idempotent: when the binary is there it only prints its version. Otherwise it installs the Debian
# package `prometheus-alertmanager` (root), without letting the packaged service start on :9093.
# Prints the binary's path as the LAST line of stdout; diagnostics go to stderr.
set -euo pipefail
SAY_PREFIX=ensure-alertmanager
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

if ! BIN="$(find_bin prometheus-alertmanager)"; then
  say "prometheus-alertmanager not found: installing the Debian package"
  apt_install prometheus-alertmanager
  BIN="$(find_bin prometheus-alertmanager)" || die "prometheus-alertmanager still not found after installing it"
fi
say "using $BIN ($("$BIN" --version 2>&1 | head -n1))"
echo "$BIN"
