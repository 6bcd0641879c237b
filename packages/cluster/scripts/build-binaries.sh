#!/usr/bin/env bash
# Builds the real control-plane binaries from the Go module proxy, into a cache
# outside the repository keyed by the wrapper's go.sum, the Go version and this
# script's build flags. A cache hit builds nothing.
#   usage: build-binaries.sh [k8s|rollouts|kwok|rollouts-cli|gitea ...]   (default: k8s rollouts kwok)
# Prints the bin directory of each component on stdout as "<component>=<dir>".
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
source "$here/go/versions.env"
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=readonly
cache_root="${GRADUAL_CACHE:-$HOME/.cache/gradual}/cluster-bin"
gover="$(go env GOVERSION)"
BUILD_FLAGS_VERSION=1   # bump when the flags below change

key_for() { # component -> cache key
  cat "$here/go/$1/go.sum" "$here/go/versions.env" | { cat; echo "$gover $BUILD_FLAGS_VERSION"; } | sha256sum | cut -c1-16
}

build_k8s() {
  local out="$1" v="$KUBERNETES_VERSION" maj min ldf now
  maj="${v#v}"; maj="${maj%%.*}"; min="${v#v*.}"; min="${min%%.*}"
  now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  # Version ldflags matter: Argo Rollouts parses /version's major/minor with Atoi.
  ldf="-s -w"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldf="$ldf -X $p.gitVersion=$v -X $p.gitMajor=$maj -X $p.gitMinor=$min -X $p.gitTreeState=clean -X $p.buildDate=$now"
  done
  (cd "$here/go/k8s" && go build -trimpath -tags 'providerless,selinux,notest' -ldflags "$ldf" -o "$out/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler)
}
build_rollouts() {
  (cd "$here/go/rollouts" && go build -trimpath \
    -ldflags "-s -w -X github.com/argoproj/argo-rollouts/utils/version.version=$ARGO_ROLLOUTS_VERSION" \
    -o "$1/" github.com/argoproj/argo-rollouts/cmd/rollouts-controller)
  # The CRDs of the same version, from the module cache.
  local src; src="$(cd "$here/go/rollouts" && go list -m -f '{{.Dir}}' github.com/argoproj/argo-rollouts)"
  mkdir -p "$1/crds"; cp "$src"/manifests/crds/*-crd.yaml "$1/crds/"; chmod -R u+w "$1/crds"
}
# The upstream kubectl plugin (`kubectl argo rollouts`, its `dashboard` server is
# the bench's peer): the same upstream module and version as the controller, in a
# wrapper module of its own so the controller's cache key does not change.
build_rollouts-cli() {
  (cd "$here/go/rollouts-cli" && go build -trimpath \
    -ldflags "-s -w -X github.com/argoproj/argo-rollouts/utils/version.version=$ARGO_ROLLOUTS_VERSION" \
    -o "$1/" github.com/argoproj/argo-rollouts/cmd/kubectl-argo-rollouts)
}
# Traffic-router CRDs the controller acts on without their meshes: upstream's
# e2e set of the same version (Istio VirtualService, DestinationRule, ...).
# Copied on a cache hit too, so caches built before this step get them.
copy_traffic_crds() {
  [ -f "$1/traffic-crds/istio.yaml" ] && return 0
  local src; src="$(cd "$here/go/rollouts" && go mod download github.com/argoproj/argo-rollouts && go list -m -f '{{.Dir}}' github.com/argoproj/argo-rollouts)"
  mkdir -p "$1/traffic-crds"; cp "$src"/test/e2e/crds/istio.yaml "$1/traffic-crds/"; chmod -R u+w "$1/traffic-crds"
}
# The local Git host (repositories of the demo services, template and GitOps pull
# requests). SQLite needs cgo. Without the bindata tag Gitea reads its templates
# and options from STATIC_ROOT_PATH at run time: copied from the module beside the
# binary (the module zip has no built web assets; the API is what we use).
build_gitea() {
  local v; v="$(cd "$here/go/gitea" && go list -m -f '{{.Version}}' code.gitea.io/gitea)"
  (cd "$here/go/gitea" && CGO_ENABLED=1 go build -trimpath -tags 'sqlite sqlite_unlock_notify' \
    -ldflags "-s -w -X main.Version=${v#v}" -o "$1/" code.gitea.io/gitea)
  local src; src="$(cd "$here/go/gitea" && go list -m -f '{{.Dir}}' code.gitea.io/gitea)"
  mkdir -p "$1/static"; cp -r "$src/templates" "$src/options" "$src/public" "$1/static/"; chmod -R u+w "$1/static"
}
build_kwok() {
  (cd "$here/go/kwok" && go build -trimpath -ldflags "-s -w" -o "$1/" sigs.k8s.io/kwok/cmd/kwok)
}

components=("$@"); [ ${#components[@]} -eq 0 ] && components=(k8s rollouts kwok)
for c in "${components[@]}"; do
  dir="$cache_root/$c-$(key_for "$c")"
  if [ ! -f "$dir/.complete" ]; then
    echo "[cluster] building $c with $gover into $dir (first build takes several minutes)" >&2
    start=$(date +%s); rm -rf "$dir.tmp"; mkdir -p "$dir.tmp"
    "build_$c" "$dir.tmp" >&2
    touch "$dir.tmp/.complete"; rm -rf "$dir"; mv "$dir.tmp" "$dir"
    echo "[cluster] built $c in $(( $(date +%s) - start ))s" >&2
  fi
  if [ "$c" = rollouts ]; then copy_traffic_crds "$dir" >&2; fi
  echo "$c=$dir"
done
