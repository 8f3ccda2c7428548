#!/usr/bin/env bash
# Runs the project's dbt (from .venv) against the local stack as the transformer role:
#   scripts/dbt.sh build | run | test | docs generate | docs serve …
# Connection settings come from DBT_* if set, else from DATABASE_TRANSFORMER_URL
# (.local/stack.env, written by `make up`). The password travels as DBT_ENV_SECRET_PASSWORD,
# which dbt scrubs from its logs. REPORTING_TIME_ZONE (the API's zone; default Atlantic/Bermuda)
# passes through the environment to dbt_project.yml: the marts' days are local dates in it.
# Runs go through dbt/scripts/locked_dbt.py, which holds the build's advisory lock while dbt
# runs (build, run, seed, test…): a second run waits DBT_LOCK_WAIT_SECONDS (default 300), then
# exits 75 naming the holder. See dbt/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${DBT_ENV_SECRET_PASSWORD:-}" ]; then
  if [ -z "${DATABASE_TRANSFORMER_URL:-}" ] && [ -f .local/stack.env ]; then
    set -a; source .local/stack.env; set +a
  fi
  : "${DATABASE_TRANSFORMER_URL:?run make up first (or set DBT_HOST, DBT_PORT, DBT_DATABASE, DBT_USER, DBT_ENV_SECRET_PASSWORD)}"
  eval "$(node -e '
    const u = new URL(process.env.DATABASE_TRANSFORMER_URL);
    const q = (s) => "\x27" + s.replace(/\x27/g, "\x27\\\x27\x27") + "\x27";
    console.log(`export DBT_HOST=${q(u.hostname)} DBT_PORT=${q(u.port || "5432")} DBT_DATABASE=${q(u.pathname.slice(1))} DBT_USER=${q(decodeURIComponent(u.username))} DBT_ENV_SECRET_PASSWORD=${q(decodeURIComponent(u.password))}`);
  ')"
fi
exec .venv/bin/python dbt/scripts/locked_dbt.py "$@" --profiles-dir dbt --project-dir dbt
