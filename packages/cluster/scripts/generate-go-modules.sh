#!/usr/bin/env bash
# Regenerates the wrapper Go modules under packages/cluster/go from the upstream
# release .mod files, so the Kubernetes staging `replace` blocks are never hand-kept.
# Run once when bumping a version, then commit go.mod and go.sum.
set -euo pipefail
cd "$(dirname "$0")/../go"
source ./versions.env
export GOTOOLCHAIN=local GOFLAGS=
proxy="${GOPROXY%%,*}"; [ "$proxy" = "off" -o -z "$proxy" ] && proxy=https://proxy.golang.org

# --- Kubernetes control plane: kube-apiserver, kube-controller-manager, kube-scheduler
rm -f k8s/go.mod k8s/go.sum
(cd k8s
 printf 'module gradual.local/cluster/k8s\n\ngo 1.21\n' > go.mod
 staging="v0.${KUBERNETES_VERSION#v1.}"
 for m in $(curl -fsSL "$proxy/k8s.io/kubernetes/@v/$KUBERNETES_VERSION.mod" | awk '$1 ~ /^k8s\.io\// && $2=="v0.0.0" {print $1}'); do
   go mod edit -replace "$m=$m@$staging"
 done
 go get "k8s.io/kubernetes@$KUBERNETES_VERSION"
 go mod tidy)

# --- Argo Rollouts controller: copy upstream's replace block verbatim
rm -f rollouts/go.mod rollouts/go.sum
(cd rollouts
 upstream="$(curl -fsSL "$proxy/github.com/argoproj/argo-rollouts/@v/$ARGO_ROLLOUTS_VERSION.mod")"
 gov="$(awk '$1=="go"{print $2; exit}' <<<"$upstream")"
 { printf 'module gradual.local/cluster/rollouts\n\ngo %s\n\n' "$gov"
   sed -n '/^replace (/,/^)/p' <<<"$upstream"; } > go.mod
 go get "github.com/argoproj/argo-rollouts@$ARGO_ROLLOUTS_VERSION"
 go mod tidy)

# --- kubectl-argo-rollouts (the bench's peer): the same module, its own wrapper
rm -f rollouts-cli/go.mod rollouts-cli/go.sum
(cd rollouts-cli
 sed 's#^module gradual.local/cluster/rollouts$#module gradual.local/cluster/rollouts-cli#' ../rollouts/go.mod > go.mod
 cp ../rollouts/go.sum go.sum
 go mod tidy)

# --- kwok: no replace directives upstream; a plain requirement is enough
rm -f kwok/go.mod kwok/go.sum
(cd kwok
 upstream="$(curl -fsSL "$proxy/sigs.k8s.io/kwok/@v/$KWOK_VERSION.mod")"
 gov="$(awk '$1=="go"{print $2; exit}' <<<"$upstream")"
 printf 'module gradual.local/cluster/kwok\n\ngo %s\n' "$gov" > go.mod
 go get "sigs.k8s.io/kwok@$KWOK_VERSION"
 go mod tidy)
# --- Gitea (the local Git host): copy upstream's replace lines; its version lives
# here, not in versions.env, so bumping it does not rebuild the control plane.
GITEA_VERSION="${GITEA_VERSION:-v1.26.0}"
rm -f gitea/go.mod gitea/go.sum
(cd gitea
 upstream="$(curl -fsSL "$proxy/code.gitea.io/gitea/@v/$GITEA_VERSION.mod")"
 gov="$(awk '$1=="go"{print $2; exit}' <<<"$upstream")"
 { printf 'module gradual.local/cluster/gitea\n\ngo %s\n\n' "$gov"
   grep '^replace ' <<<"$upstream" | sed 's# //.*##'; } > go.mod
 go get "code.gitea.io/gitea@$GITEA_VERSION"
 go mod tidy)
echo "generated go modules for Kubernetes $KUBERNETES_VERSION, Argo Rollouts $ARGO_ROLLOUTS_VERSION, kwok $KWOK_VERSION, Gitea $GITEA_VERSION"
