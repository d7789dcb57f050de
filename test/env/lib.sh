# shellcheck shell=bash
# Shared helpers for the test/env/ensure-*.sh scripts. Source it, don't run it; set SAY_PREFIX first.
# Diagnostics go to stderr so that a script's stdout stays free for what callers capture.

say() { echo "${SAY_PREFIX:-test/env}: $*" >&2; }
die() {
  say "$*"
  exit 1
}

# Seconds since $1 (a `date +%s.%N` value), with one decimal.
elapsed_since() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'; }

# Debian puts daemons in /usr/sbin, which is not on every PATH (e.g. a non-login root shell in CI).
# find_bin NAME: prints the executable's path, or fails.
find_bin() {
  command -v "$1" 2>/dev/null && return 0
  local dir
  for dir in /usr/sbin /sbin /usr/local/bin /usr/local/sbin; do
    if [ -x "$dir/$1" ]; then
      echo "$dir/$1"
      return 0
    fi
  done
  return 1
}

# apt_lists_fresh: true when `apt-get update` succeeded within the last 6 hours, so a CI run that
# calls several ensure scripts fetches the package lists once. The lists' own mtimes can't tell:
# apt keeps them untouched when the mirror has nothing new. Hence a stamp of our own (and Debian's
# update-success-stamp, on machines that have the hook that writes it).
readonly APT_STAMP=/var/lib/apt/periodic/switchboard-update-success-stamp
apt_lists_fresh() {
  local stamp
  for stamp in "$APT_STAMP" /var/lib/apt/periodic/update-success-stamp; do
    [ -n "$(find "$stamp" -maxdepth 0 -mmin -360 2>/dev/null)" ] && return 0
  done
  return 1
}

# apt_update LOG: apt-get update, output appended to LOG; records success for apt_lists_fresh.
apt_update() {
  apt-get update -qq >>"$1" 2>&1 || return
  mkdir -p "$(dirname "$APT_STAMP")" && touch "$APT_STAMP"
}

# apt_install PACKAGE...: installs Debian packages without prompts and without starting their
# daemons. Package maintainer scripts start services through invoke-rc.d, which asks
# /usr/sbin/policy-rc.d first: exit code 101 means "don't". Docker-style machines already have
# such a file; elsewhere one is put in place for the duration of the install only. The tests start
# their own private instances on random ports, so a system daemon on a standard port would only be
# in the way (and could collide with the hub's ports).
apt_install() {
  [ "$(id -u)" -eq 0 ] || die "need root to install $* (apt-get install -y --no-install-recommends $*)"
  local policy=/usr/sbin/policy-rc.d made_policy=0 status=0 t0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# Temporary: test/env/lib.sh keeps daemons from starting during an install.\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    made_policy=1
    # An install interrupted half-way must not leave daemons blocked for good.
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  t0=$(date +%s.%N)
  export DEBIAN_FRONTEND=noninteractive
  local -a install=(apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$@")
  # dpkg's chatter goes to a log that is shown only when something fails, to keep CI output readable.
  local log
  log="$(mktemp "${TMPDIR:-/tmp}/switchboard-apt.XXXXXX")"
  if ! apt_lists_fresh; then
    say "apt-get update"
    apt_update "$log" || status=$?
  fi
  if [ "$status" -eq 0 ]; then
    say "apt-get install $*"
    # Lists a few hours old can name a version the mirror has since replaced: refresh once and retry.
    "${install[@]}" >>"$log" 2>&1 || { say "install failed: refreshing the package lists and retrying" &&
      apt_update "$log" && "${install[@]}" >>"$log" 2>&1; } || status=$?
  fi
  if [ "$made_policy" -eq 1 ]; then
    rm -f "$policy"
    trap - EXIT
  fi
  if [ "$status" -ne 0 ]; then
    tail -n 30 "$log" >&2
    rm -f "$log"
    die "apt-get install $* failed (exit $status)"
  fi
  rm -f "$log"
  say "installed $* in $(elapsed_since "$t0") s"
}
