#!/usr/bin/env bash
# Installs the JavaScript dependencies exactly as locked (idempotent and fast when
# nothing changed). Source scripts/node-env.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.gradual-install-stamp
want="$(cat yarn.lock package.json */*/package.json | sha256sum | cut -c1-32) $(node -v)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
yarn install --immutable
echo "$want" > "$stamp"
