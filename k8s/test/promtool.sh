#!/usr/bin/env bash
# Validate the Prometheus rule files and run their promtool unit tests.
# Paths resolve from this script, so it runs from any working directory.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
monitoring="$(cd "$here/../monitoring" && pwd)"
promtool="${PROMTOOL:-promtool}"

if ! command -v "$promtool" >/dev/null 2>&1; then
  echo "error: promtool not found (looked for '$promtool'). 'make test' installs it;" >&2
  echo "       or install Prometheus' promtool yourself and set PROMTOOL=/path/to/promtool." >&2
  exit 127
fi

# --lint-fatal turns promtool's duplicate-rule warning into a failure.
"$promtool" check rules --lint-fatal "$monitoring"/rules/*.yaml
"$promtool" test rules "$monitoring"/tests/*.yaml
