#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Makes sure Redmine 5 (Debian packages `redmine redmine-sqlite thin`) is installed, and builds the
# seeded template database the suites copy (test/support/redmine-test-server.ts), so the first suite
# does not pay for migrations. Starts no server.
#
#   bash test/env/ensure-redmine.sh
#
# Idempotent: when the packages are there it only checks them and the template. Installing needs
# root. Redmine's package would set up and migrate a `default` instance through dbconfig-common;
# the tests never use it, so dbconfig is told not to (which also saves the migration) and nothing
# prompts. Redmine and thin install no daemon that starts on its own.
# Env: REDMINE_SKIP_TEMPLATE=1 only installs. Prints the template directory as the LAST line of
# stdout (or the Redmine version with REDMINE_SKIP_TEMPLATE=1); diagnostics go to stderr.
set -euo pipefail
SAY_PREFIX=ensure-redmine
HERE="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib.sh
. "$HERE/lib.sh"

installed() { dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null | grep -qx installed; }

missing=()
for package in redmine redmine-sqlite thin; do installed "$package" || missing+=("$package"); done
if [ "${#missing[@]}" -gt 0 ]; then
  say "not installed: ${missing[*]}: installing the Debian packages"
  [ "$(id -u)" -eq 0 ] || die "need root to install ${missing[*]}"
  # The answers dbconfig-common would otherwise ask for (noninteractive would take its defaults,
  # which include migrating a `default` instance nobody uses: ~10 s for nothing).
  debconf-set-selections <<'SEL'
redmine redmine/instances/default/dbconfig-install boolean false
redmine redmine/instances/default/database-type select sqlite3
SEL
  apt_install redmine redmine-sqlite thin
fi
[ -x /usr/share/redmine/bin/rails ] || die "/usr/share/redmine/bin/rails missing: reinstall redmine"
[ -d /var/lib/redmine ] || die "/var/lib/redmine missing (Debian's Redmine finds its instances there): reinstall redmine"
find_bin thin >/dev/null || die "thin not found: apt-get install thin"
VERSION="$(dpkg-query -W -f='${Version}' redmine)"
say "Redmine $VERSION at /usr/share/redmine, thin $(dpkg-query -W -f='${Version}' thin)"

if [ "${REDMINE_SKIP_TEMPLATE:-0}" = 1 ]; then
  echo "$VERSION"
  exit 0
fi
bash "$HERE/redmine-template.sh"
