#!/usr/bin/env bash
# Quick start, part 1: start the portal (frontend :3000, backend :7007).
#
# Installs what is missing (Node 22, dependencies), and when no cluster is
# configured in app-config*.yaml brings up the embedded local cluster (a real
# kube-apiserver + the real Argo Rollouts controller, see packages/cluster) and
# points the portal at it. Idempotent: run it again at any time.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node-env.sh
scripts/install.sh

# `repo start --config` replaces the default list, and resolves paths per package: use absolute ones.
config_args=(--config "$PWD/app-config.yaml")
[ -f app-config.local.yaml ] && config_args+=(--config "$PWD/app-config.local.yaml")

if node scripts/has-configured-cluster.mjs app-config.yaml app-config.local.yaml; then
  echo "[gradual] using the cluster(s) configured in app-config; not starting the local cluster"
else
  echo "[gradual] no cluster configured: starting the embedded local cluster (first run builds it from source)"
  up_log="$(mktemp)"
  yarn cluster up | tee "$up_log"
  prometheus_url="$(awk '/^prometheus:/ {print $2}' "$up_log")"; rm -f "$up_log"
  cluster_config="$(node scripts/write-cluster-config.mjs "$(yarn cluster kubeconfig --backstage)" "$prometheus_url")"
  config_args+=(--config "$cluster_config")
fi

# Backend and frontend run as two processes (not one `backstage-cli repo start`):
# a webpack compile in the same process as the backend's dev supervisor can stall
# its IPC on a 2-core machine and fail the backend's startup.
yarn workspace @gradual/backend start "${config_args[@]}" &
backend_pid=$!
trap 'kill "$backend_pid" 2>/dev/null; wait "$backend_pid" 2>/dev/null' EXIT INT TERM
yarn workspace @gradual/app start "${config_args[@]}"
