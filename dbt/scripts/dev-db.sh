#!/usr/bin/env bash
# Dev PostgreSQL for the dbt project (see dev-db.ts). After `up`:  source /tmp/cbc-dbt-dev/dbt.env
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
exec npx tsx dbt/scripts/dev-db.ts "$@"
