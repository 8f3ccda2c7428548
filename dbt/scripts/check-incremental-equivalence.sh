#!/usr/bin/env bash
# Checks that incremental builds of the marts end where a full refresh does.
#
#   check-incremental-equivalence.sh [--mutate 'COMMAND'] [--with-tests]
#
#   1. dbt seed, dbt run        (incremental against whatever the marts hold; creates them if absent)
#   2. with --mutate: run COMMAND (e.g. insert late events), then dbt run again, incrementally
#   3. fingerprint every mart   (row count + order-independent md5 of all rows)
#   4. dbt run --full-refresh, fingerprint again, and compare
# --with-tests uses `dbt build` (tests too) instead of `dbt run`: slower, same comparison.
# Exit 0 when every mart is identical, 1 on a difference, 3 when dbt fails, 2 on bad usage.
#
# Connection from the DBT_* env vars (dbt/profiles.yml). The compared builds judge open service
# requests at the same instant (--vars as_of), so the SLA columns cannot drift between the two
# snapshots; with --mutate the first build judges six hours earlier, so the second must judge
# again the open requests it did not rebuild (as a later scheduled run does).
# Not run here: retention pruning between builds removes raw rows the marts keep, and a full
# refresh then legitimately differs (see dbt/README.md, "Incremental marts"). Erasure between
# builds is checked against a recount from raw by services/api/test/integration/erasure-aggregates.test.ts.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
dbt_bin="${DBT_BIN:-$root/.venv/bin/dbt}"
mutate=""
command=run
while [ $# -gt 0 ]; do
  case "$1" in
    --mutate) mutate="${2:?--mutate needs a command}"; shift 2 ;;
    --with-tests) command=build; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
vars="{as_of: '$(date -u +%Y-%m-%dT%H:%M:%SZ)'}"
earlier_vars="{as_of: '$(date -u -d '6 hours ago' +%Y-%m-%dT%H:%M:%SZ)'}"

dbt() { "$dbt_bin" "$@" --project-dir "$root/dbt" --profiles-dir "$root/dbt"; }

dbt_quietly() { # dbt_quietly LOGNAME ARGS...: one summary line, or the errors when it fails
  local log="$work/$1.log"; shift
  if ! dbt "$@" >"$log" 2>&1; then
    echo "dbt $* failed:" >&2
    grep -E 'ERROR|FAIL|Error|error' "$log" | head -40 >&2 || tail -40 "$log" >&2
    exit 3
  fi
  grep -E 'Done\. ' "$log" | sed 's/^.*Done\./  dbt '"$1"':/'
}

build() { # build LOGNAME VARS [extra args]
  local name="$1" build_vars="$2"; shift 2
  dbt_quietly "$name" "$command" --vars "$build_vars" "$@"
}

fingerprint() {
  if ! dbt --quiet run-operation mart_fingerprints >"$work/$1.out" 2>&1; then
    echo "fingerprinting the marts failed:" >&2; tail -20 "$work/$1.out" >&2; exit 3
  fi
  grep '^FINGERPRINT ' "$work/$1.out" | sort >"$work/$1" || true
  if [ ! -s "$work/$1" ]; then echo "no mart fingerprints: are the marts built?" >&2; exit 3; fi
}

echo "▸ incremental build"
[ "$command" = build ] || dbt_quietly seed seed
if [ -n "$mutate" ]; then
  build incremental-1 "$earlier_vars"
  echo "▸ mutate: $mutate"
  (cd "$root" && bash -c "$mutate")
  echo "▸ incremental build after the change"
  build incremental-2 "$vars"
else
  build incremental-1 "$vars"
fi
fingerprint incremental

echo "▸ full refresh"
build full-refresh "$vars" --full-refresh
fingerprint full

if diff -u "$work/incremental" "$work/full" >"$work/diff"; then
  echo "✓ $(wc -l <"$work/full") marts identical after incremental and full-refresh builds:"
  sed 's/^FINGERPRINT /  /' "$work/full"
else
  echo "✗ incremental and full-refresh marts differ (- incremental, + full refresh):" >&2
  grep -E '^[-+]FINGERPRINT' "$work/diff" >&2
  exit 1
fi
