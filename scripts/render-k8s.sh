#!/usr/bin/env bash
# Refreshes what the Helm chart is built from and what reviewers read (`make k8s-render`):
#   1. copies k8s/monitoring/{rules,dashboards} into charts/cbc-analytics/files/monitoring/
#      (Helm packages only files inside the chart, and symlinks out of it are not reliable);
#   2. renders the default install into k8s/rendered/cbc-analytics.yaml.
# The chart tests fail when either is stale. `--stdout` skips both writes and prints the render
# (the tests compare that with the committed file, so the command lives here only).
# helm: from PATH, else .tools/bin/helm (scripts/install-helm.sh puts it there).
set -euo pipefail
cd "$(dirname "$0")/.."

chart=charts/cbc-analytics
# Pinned so the output does not depend on the Kubernetes version a helm build defaults to.
kube_version=1.32.0

helm="$(command -v helm || true)"
[ -n "$helm" ] || helm="$PWD/.tools/bin/helm"
if [ ! -x "$helm" ]; then
  echo "render-k8s: helm not found on PATH nor at .tools/bin/helm; run scripts/install-helm.sh" >&2
  exit 127
fi

render() {
  "$helm" template cbc "$chart" --namespace cbc --kube-version "$kube_version"
}

if [ "${1:-}" = "--stdout" ]; then
  render
  exit 0
fi

for kind in rules:yaml dashboards:json; do
  dir="${kind%%:*}" ext="${kind##*:}"
  rm -rf "${chart:?}/files/monitoring/$dir"
  mkdir -p "$chart/files/monitoring/$dir"
  cp k8s/monitoring/"$dir"/*."$ext" "$chart/files/monitoring/$dir/"
done
echo "render-k8s: copied k8s/monitoring/{rules,dashboards} into $chart/files/monitoring/"

mkdir -p k8s/rendered
render > k8s/rendered/cbc-analytics.yaml.tmp
mv k8s/rendered/cbc-analytics.yaml.tmp k8s/rendered/cbc-analytics.yaml
echo "render-k8s: wrote k8s/rendered/cbc-analytics.yaml ($(grep -c '^kind:' k8s/rendered/cbc-analytics.yaml) objects)"
