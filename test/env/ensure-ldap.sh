#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Makes sure OpenLDAP's slapd and the ldap-utils clients (ldapadd, ldapsearch) are installed, for the
# suites that start a private slapd per suite (test/support/ldap-test-server.ts). Starts nothing.
#
#   bash test/env/ensure-ldap.sh
#
# Idempotent: when the binaries are there it only prints the version. Otherwise it installs the
# Debian packages `slapd ldap-utils` (root). The packaged slapd is never used: its postinst builds a
# default /etc/ldap/slapd.d and would start a system slapd on :389; that start is blocked while
# installing (see apt_install in lib.sh), and any system slapd that runs anyway is stopped.
# Prints slapd's path as the LAST line of stdout; diagnostics go to stderr.
set -euo pipefail
SAY_PREFIX=ensure-ldap
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# openssl makes the CA and server certificate for the test server's ldaps:// listener.
missing=()
find_bin slapd >/dev/null || missing+=(slapd)
if ! find_bin ldapadd >/dev/null || ! find_bin ldapsearch >/dev/null; then missing+=(ldap-utils); fi
find_bin openssl >/dev/null || missing+=(openssl)
if [ "${#missing[@]}" -gt 0 ]; then
  say "not installed: ${missing[*]}: installing the Debian packages"
  # Debconf would ask for a domain and admin password; the answers don't matter (the default
  # database is never used), so let it take its defaults without asking.
  apt_install "${missing[@]}"
  # Belt and braces for machines whose service manager ignores policy-rc.d: stop the packaged
  # daemon by the pid file Debian's init script uses, so it does not sit on :389.
  for pidfile in /run/slapd/slapd.pid /var/run/slapd/slapd.pid; do
    if [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      say "stopping the system slapd the package started (pid $(cat "$pidfile"))"
      kill "$(cat "$pidfile")" || true
    fi
  done
fi
SLAPD="$(find_bin slapd)" || die "slapd still not found after installing it"
if ! find_bin ldapadd >/dev/null || ! find_bin ldapsearch >/dev/null; then
  die "ldapadd/ldapsearch still not found after installing ldap-utils"
fi
find_bin openssl >/dev/null || die "openssl still not found after installing it"
# The helper loads back_mdb and memberof from here and includes these schemas.
for needed in /usr/lib/ldap/back_mdb.so /usr/lib/ldap/memberof.so /etc/ldap/schema/nis.schema /etc/ldap/schema/inetorgperson.schema; do
  [ -e "$needed" ] || die "$needed is missing: reinstall slapd (apt-get install --reinstall slapd)"
done
say "using $SLAPD ($("$SLAPD" -VV 2>&1 | grep -m1 -o 'slapd [0-9.]*' || echo 'version unknown'))"
echo "$SLAPD"
