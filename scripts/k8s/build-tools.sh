#!/usr/bin/env bash
# Builds the Kubernetes control-plane binaries `make test-k8s` runs, once, into a cache outside the
# repository (~/.cache/cbc-k8s/bin by default); later runs find them and return at once.
#   kube-apiserver, kube-controller-manager,         from k8s.io/kubernetes (Go module proxy)
#   kube-scheduler, kubectl
#   kwok                                              sigs.k8s.io/kwok (fake nodes and pod lifecycles)
#   etcd                                              Debian etcd-server (apt-get when missing)
# k8s.io/kubernetes cannot be `go install`ed: its go.mod points the k8s.io staging modules at
# local directories. A wrapper module requires it and replaces every staging module with its
# published v0.x twin at the same release, read from kubernetes' own go.mod so the list stays exact.
# Compiling takes tens of minutes on 2 cores the first time; it runs at the lowest CPU and I/O
# priority because the machine is shared.
# Usage: scripts/k8s/build-tools.sh        (K8S_VERSION=v1.34.x KWOK_VERSION=v0.x.y to change)
set -euo pipefail

k8s_version="${K8S_VERSION:-v1.34.4}"
kwok_version="${KWOK_VERSION:-v0.7.0}"
cache="${CBC_K8S_CACHE:-$HOME/.cache/cbc-k8s}"
bin="$cache/bin"
stamp="$bin/.versions"
want="kubernetes=$k8s_version kwok=$kwok_version"
start=$SECONDS

step() { echo "build-tools: $* (+$((SECONDS - start))s)"; }
# Tool output stays in a log and is shown only when the step fails.
quiet() {
  local log="$cache/build.log"
  if ! "$@" >>"$log" 2>&1; then
    echo "build-tools: failed: $*" >&2
    tail -n 40 "$log" >&2
    return 1
  fi
}
low() { nice -n 19 ionice -c3 "$@"; }

mkdir -p "$bin"
: >"$cache/build.log"

if ! command -v etcd >/dev/null 2>&1; then
  step "apt-get install etcd-server"
  sudo_cmd=(); [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  quiet "${sudo_cmd[@]}" apt-get install -y -q etcd-server
fi

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
  [ -x "$bin/kube-apiserver" ] && [ -x "$bin/kube-controller-manager" ] && [ -x "$bin/kube-scheduler" ] && [ -x "$bin/kubectl" ] && [ -x "$bin/kwok" ]; then
  step "cached in $bin ($want)"
  exit 0
fi

export GOFLAGS=-trimpath CGO_ENABLED=0
wrapper="$cache/src/kubernetes-$k8s_version"
mkdir -p "$wrapper"

step "fetch k8s.io/kubernetes@$k8s_version go.mod"
k8s_mod="$(go mod download -json "k8s.io/kubernetes@$k8s_version" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",*$/\1/p')"
[ -f "$k8s_mod" ] || { echo "build-tools: go.mod of k8s.io/kubernetes@$k8s_version not found" >&2; exit 1; }
# v1.34.4 → v0.34.4: staging modules are tagged with major 0 and the same minor and patch.
staging_version="v0.${k8s_version#v1.}"
{
  echo "module cbc.local/k8s-tools"
  echo
  echo "go $(awk '$1 == "go" { print $2; exit }' "$k8s_mod")"
  echo
  echo "require k8s.io/kubernetes $k8s_version"
  echo
  echo "replace ("
  awk -v v="$staging_version" '$2 == "=>" && $3 ~ /^\.\/staging\// { printf "\t%s => %s %s\n", $1, $1, v }' "$k8s_mod"
  echo ")"
} >"$wrapper/go.mod"
cat >"$wrapper/tools.go" <<'GO'
//go:build tools

// Keeps the commands' packages in the module graph so `go mod tidy` resolves their dependencies.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
GO
step "resolve modules ($(grep -c '=> k8s.io' "$wrapper/go.mod") staging replacements at $staging_version)"
(cd "$wrapper" && quiet low go mod tidy)

# The binaries report their version from ldflags, as kubernetes' own build does; without it
# kubectl and the server say v0.0.0 and version-skew checks (helm's among them) misfire.
minor="$(echo "$k8s_version" | cut -d. -f2)"
ldflags="-s -w"
for pkg in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
  ldflags+=" -X $pkg.gitVersion=$k8s_version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
done
# kwok fakes kubelets but does not bind pods to nodes: the real scheduler does that.
step "go build kube-apiserver kube-controller-manager kube-scheduler kubectl (slow the first time)"
(cd "$wrapper" && quiet low go build -ldflags "$ldflags" -o "$bin/" \
  k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
  k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl)

step "go install sigs.k8s.io/kwok/cmd/kwok@$kwok_version"
GOBIN="$bin" quiet low go install "sigs.k8s.io/kwok/cmd/kwok@$kwok_version"

echo "$want" >"$stamp"
step "done: $("$bin/kube-apiserver" --version), $("$bin/kwok" --version 2>/dev/null | head -1)"
