#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Builds, once per machine, the pristine Redmine instance every test server starts from, and prints
# its directory as the LAST line of stdout:
#
#   TEMPLATE="$(bash test/env/redmine-template.sh | tail -n1)"
#
# A fresh Redmine database needs `rake db:migrate` and a seed run (default data, REST API, users,
# API keys, project `itsm`, custom field `External ID`: see redmine/seed.rb), about 10-15 s of Ruby
# boots; copying the result takes milliseconds. test/support/redmine-test-server.ts calls this
# script before each start (instant once the template exists) and copies the template into the
# server's own temp dir; test/env/ensure-redmine.sh calls it to build the template ahead of the tests.
#
# The template is a complete Debian Redmine instance directory (config with a database.yml that
# points into whichever instance it is copied to, db, files, log, tmp) under
#   ${REDMINE_TEMPLATE_ROOT:-${TMPDIR:-/tmp}/switchboard-test-redmine}/template-<key>
# where <key> hashes this script, the seed script and the installed Redmine version, so changing
# either builds a new one. Jest runs suites in parallel: a lock (flock, released even when the
# builder is killed) makes one build it while the others wait, and the build happens in a scratch
# dir renamed into place only when complete, so nobody ever copies a half-built template.
# Diagnostics go to stderr.
set -euo pipefail
SAY_PREFIX=redmine-template
HERE="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib.sh
. "$HERE/lib.sh"

readonly APP=/usr/share/redmine
readonly SEED="$HERE/redmine/seed.rb"
readonly ROOT="${REDMINE_TEMPLATE_ROOT:-${TMPDIR:-/tmp}/switchboard-test-redmine}"

[ -x "$APP/bin/rails" ] || die "Redmine is not installed: run \`bash test/env/ensure-redmine.sh\` first"
VERSION="$(dpkg-query -W -f='${Version}' redmine 2>/dev/null)" || die "the redmine package is not installed: run \`bash test/env/ensure-redmine.sh\` first"
KEY="$( (cat "$0" "$SEED" && echo "$VERSION") | sha256sum | cut -c1-16)"
TEMPLATE="$ROOT/template-$KEY"

if [ -d "$TEMPLATE" ]; then
  echo "$TEMPLATE"
  exit 0
fi

mkdir -p "$ROOT"
exec 9>"$ROOT/template-$KEY.lock"
if ! flock -n 9; then
  say "another process is building the Redmine template: waiting for it"
  flock -w 600 9 || die "timed out after 600 s waiting for the lock $ROOT/template-$KEY.lock"
fi
# Whoever held the lock may have built it meanwhile.
if [ -d "$TEMPLATE" ]; then
  echo "$TEMPLATE"
  exit 0
fi

# Holding the lock, tidy up: templates for other seeds or Redmine versions (a copy takes
# milliseconds, so none is in use for long), and scratch dirs of builds that were killed.
find "$ROOT" -mindepth 1 -maxdepth 1 -name 'template-*' ! -name "template-$KEY" ! -name "template-$KEY.lock" -mmin +10 \
  -exec rm -rf {} + 2>/dev/null || true
find "$ROOT" -mindepth 1 -maxdepth 1 -name 'build-*' -mmin +30 -exec rm -rf {} + 2>/dev/null || true
find "$APP/instances/" -maxdepth 1 -name 'sbtest-build-*' -xtype l -delete 2>/dev/null || true

BUILD="$(mktemp -d "$ROOT/build-XXXXXX")"
# Debian's Redmine serves instance NAME from /usr/share/redmine/instances/NAME (= /var/lib/redmine/NAME),
# picked by $REDMINE_INSTANCE: a symlink there lets the instance live in a scratch dir.
INSTANCE="sbtest-$(basename "$BUILD")"
LINK="$APP/instances/$INSTANCE"
cleanup() {
  rm -f "$LINK"
  rm -rf "$BUILD"
}
trap cleanup EXIT

t0=$(date +%s.%N)
say "building the Redmine $VERSION template (migrate + seed: 5-15 s) in $BUILD"
mkdir -p "$BUILD"/{config,db,files,log,tmp/cache,tmp/pids,tmp/sessions,tmp/sockets,tmp/thumbnails,public/plugin_assets}
# ERB keeps the database inside whatever instance directory this template is copied to.
cat >"$BUILD/config/database.yml" <<'CONF'
production:
  adapter: sqlite3
  database: <%= File.join('/usr/share/redmine/instances', ENV.fetch('REDMINE_INSTANCE'), 'db', 'redmine.sqlite3') %>
  encoding: utf8
  timeout: 5000
CONF
# Signs session cookies only; sharing it between throwaway test servers is harmless.
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$BUILD/config/secret_key.txt"
ln -sfn "$BUILD" "$LINK"

export REDMINE_INSTANCE="$INSTANCE" RAILS_ENV=production REDMINE_LANG=en
# Rails prefers DATABASE_URL to database.yml; the suites on PostgreSQL set it for the hub.
unset DATABASE_URL
LOG="$BUILD/log/setup.log"
# SCHEMA=/dev/null: db:migrate would otherwise dump db/schema.rb into the read-only package dir.
if ! (cd "$APP" && SCHEMA=/dev/null bin/rake db:migrate) >"$LOG" 2>&1; then
  tail -n 30 "$LOG" >&2
  die "rake db:migrate failed (log above)"
fi
if ! (cd "$APP" && bin/rails runner "$SEED") >>"$LOG" 2>&1; then
  tail -n 30 "$LOG" >&2
  die "seeding failed (log above)"
fi
grep -q '^seeded: ' "$LOG" || {
  tail -n 30 "$LOG" >&2
  die "the seed script did not report success (log above)"
}
grep '^seeded: ' "$LOG" >&2
# A copy starts with empty logs and caches.
rm -rf "$BUILD"/log/* "$BUILD"/tmp/cache/* "$BUILD"/tmp/pids/*
echo "$VERSION" >"$BUILD/redmine-version"

rm -f "$LINK"
mv "$BUILD" "$TEMPLATE"
trap - EXIT
say "template ready in $(elapsed_since "$t0") s: $TEMPLATE"
echo "$TEMPLATE"
