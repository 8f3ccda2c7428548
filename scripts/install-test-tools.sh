#!/usr/bin/env bash
# Installs what the tests need beyond the stack: chromium (browser tests, make bench-admin),
# promtool (the alert rules' checks and unit tests, from Debian's prometheus) and helm (the chart
# tests, scripts/install-helm.sh). Quick no-op when already there. `make install` runs it after
# scripts/install.sh; `make up` never does.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/quiet-step.sh
source scripts/lib/apt-install.sh

apt_install_missing chromium:chromium promtool:prometheus
command -v helm >/dev/null 2>&1 || [ -x .tools/bin/helm ] || quiet_step install "helm (scripts/install-helm.sh)" scripts/install-helm.sh
