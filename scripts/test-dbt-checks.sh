#!/usr/bin/env bash
# The dbt project's own checks, run by `make test` after the workspaces' tests:
#   1. check-vocabulary.py: dbt's mirrored vocabularies still match the event contract;
#   2. check-incremental-equivalence.sh: on a throwaway PostgreSQL (dev-db.sh, the same roles and
#      migrations as `make up`) holding the fixture events, incremental builds followed by late
#      events end where a full refresh does.
# Each check is one test in test-results/dbt-checks.json, which scripts/test-summary.mjs counts.
# Exit 1 when a check fails.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mkdir -p test-results

export CBC_DBT_DEV_DIR; CBC_DBT_DEV_DIR="$(mktemp -d -t cbc-dbt-checks-XXXXXX)"
work="$(mktemp -d -t cbc-dbt-work-XXXXXX)"
cleanup() {
  dbt/scripts/dev-db.sh down >/dev/null 2>&1 || true
  rm -rf "$CBC_DBT_DEV_DIR" "$work"
}
trap cleanup EXIT

passed=0
failed=0
check() { # check NAME COMMAND...: runs it, prints its output indented, counts the result
  local name="$1"; shift
  echo "▸ dbt check: $name"
  if "$@" 2>&1 | sed 's/^/    /'; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "  ✗ $name failed"; fi
}

equivalence() {
  dbt/scripts/dev-db.sh up >/dev/null && dbt/scripts/dev-db.sh sql dbt/scripts/fixtures/base.sql >/dev/null || return 3
  # shellcheck disable=SC1091
  source "$CBC_DBT_DEV_DIR/dbt.env"
  # Own target and log directories: a `make dbt-*` run in the same checkout is left alone.
  DBT_TARGET_PATH="$work/target" DBT_LOG_PATH="$work/logs" \
    dbt/scripts/check-incremental-equivalence.sh --mutate 'dbt/scripts/dev-db.sh sql dbt/scripts/fixtures/late.sql'
}

check vocabulary .venv/bin/python dbt/scripts/check-vocabulary.py
check incremental-equivalence equivalence

printf '{"numPassedTests": %d, "numFailedTests": %d, "numPendingTests": 0, "numTodoTests": 0}\n' "$passed" "$failed" >test-results/dbt-checks.json
[ "$failed" -eq 0 ]
