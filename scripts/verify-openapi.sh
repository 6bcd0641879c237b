#!/usr/bin/env bash
# Fails when the generated OpenAPI code is stale: the embedded spec must equal
# plugins/rollouts-backend/src/schema/openapi.yaml (repo-tools validate), and
# regenerating the server router and the client must change no file.
set -euo pipefail
cd "$(dirname "$0")/.."
generated=(plugins/rollouts-backend/src/schema plugins/rollouts-common/src/schema)
# validate imports the generated router.ts: give Node the Backstage CLI's
# TypeScript transform (Node's own type stripping rejects directory imports).
NODE_OPTIONS="--require $PWD/node_modules/@backstage/cli/config/nodeTransform.cjs" \
  yarn backstage-repo-tools repo schema openapi validate
yarn workspace @gradual/plugin-rollouts-backend generate:openapi
if ! git diff --exit-code --stat -- "${generated[@]}" ||
  [ -n "$(git status --porcelain -- "${generated[@]}")" ]; then
  git status --short -- "${generated[@]}"
  echo "Generated OpenAPI files are stale: run 'yarn workspace @gradual/plugin-rollouts-backend generate:openapi' and commit the result." >&2
  exit 1
fi
echo "OpenAPI generated files are up to date."
