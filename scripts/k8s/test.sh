#!/usr/bin/env bash
# `make test-k8s`: builds the tools (cached), starts the throwaway cluster, runs the checks of
# k8s/test-cluster/run.ts, and stops the cluster again, whatever the outcome.
# KEEP_CLUSTER=1 leaves it running for a look (`eval "$(scripts/k8s/cluster.sh env)"`, then
# `scripts/k8s/cluster.sh down`).
set -euo pipefail
cd "$(dirname "$0")/../.."
start=$SECONDS

scripts/k8s/build-tools.sh
command -v helm >/dev/null 2>&1 || scripts/install-helm.sh
[ "${KEEP_CLUSTER:-}" = 1 ] || trap 'scripts/k8s/cluster.sh down' EXIT
scripts/k8s/cluster.sh up
eval "$(scripts/k8s/cluster.sh env)"
rc=0
npx tsx k8s/test-cluster/run.ts || rc=$?
echo "test-k8s: $((SECONDS - start))s in all (tools, cluster, checks)"
exit "$rc"
