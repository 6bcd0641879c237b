#!/usr/bin/env bash
# Starts (idempotently) what the test suites need, and writes their addresses to
# ~/.cache/gradual/test-services.env:
#  - Debian chromium for Playwright (installed from apt when missing; no browser downloads)
#  - a private PostgreSQL 15 on 127.0.0.1:15432 (Backstage's TestDatabases would try Docker)
#  - the real local cluster (packages/cluster): kube-apiserver, Argo Rollouts controller, Prometheus,
#    and its Git host (Gitea; URL, organisation and admin token: the file is private to the user)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node-env.sh
cache="${GRADUAL_CACHE:-$HOME/.cache/gradual}"
mkdir -p "$cache"
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# --- chromium
if ! command -v chromium >/dev/null 2>&1; then
  echo "[gradual] installing Debian chromium"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null
fi

# --- PostgreSQL
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [ -z "$pg_bin" ]; then
  echo "[gradual] installing Debian postgresql"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
fi
pg_port="${GRADUAL_PG_PORT:-15432}"
pg_dir="/var/tmp/gradual-postgres"
pg_user="$(id -un)"; [ "$pg_user" = root ] && pg_user=postgres
run_pg() { if [ "$(id -un)" = "$pg_user" ]; then "$@"; else su "$pg_user" -s /bin/sh -c "$(printf '%q ' "$@")"; fi; }
if ! "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$pg_port"; then
  if [ ! -f "$pg_dir/PG_VERSION" ]; then
    as_root mkdir -p "$pg_dir"; as_root chown "$pg_user" "$pg_dir"
    run_pg "$pg_bin/initdb" -D "$pg_dir" -U postgres --auth=trust >/dev/null
  fi
  run_pg "$pg_bin/pg_ctl" -D "$pg_dir" -l "$pg_dir/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -c unix_socket_directories=$pg_dir -c fsync=off -c max_connections=200" start >/dev/null
fi

# --- the real local cluster
yarn cluster up | tee "$cache/cluster-up.txt"
kubeconfig="$(yarn cluster kubeconfig)"
prometheus_url="$(sed -n 's/^prometheus: *//p' "$cache/cluster-up.txt")"
# The backend config for this cluster (what scripts/start.sh passes with --config), used by the adopter test.
node scripts/write-cluster-config.mjs "$(yarn cluster kubeconfig --backstage)" "$prometheus_url" >/dev/null
# The Git host's failure does not fail `up`: its tests then fail naming the missing variables.
if ! git_host_env="$(yarn cluster git-host --env)"; then
  echo "[gradual] warning: the local Git host is not running; its tests will fail" >&2
  git_host_env=""
fi

umask 077
cat > "$cache/test-services.env" <<ENV
export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING=postgresql://postgres@127.0.0.1:$pg_port
export GRADUAL_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:$pg_port
export GRADUAL_KUBECONFIG=$kubeconfig
export GRADUAL_PROMETHEUS_URL=$prometheus_url
export CHROMIUM_PATH=$(command -v chromium)
$git_host_env
ENV
chmod 600 "$cache/test-services.env"
echo "[gradual] test services ready ($cache/test-services.env)"
