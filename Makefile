# CBC Analytics: the Makefile is a documented facade; the logic lives in the workspaces and
# scripts it calls. `make help` lists every target.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export NEXT_TELEMETRY_DISABLED := 1

STACK_ENV := .local/stack.env

help: ## List the targets
	@grep -hE '^[a-zA-Z0-9_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-18s\033[0m %s\n", $$1, $$2}'

install-stack: ## Install what the local stack needs when missing: npm packages, the dbt venv, redis-server
	@scripts/install.sh

install: install-stack ## Install everything: the stack's needs and the test tools (chromium, promtool, helm)
	@scripts/install-test-tools.sh

build: install-stack ## Compile every workspace
	@npm run -s build

up: install-stack ## Run the whole stack locally (embedded Postgres, Redis, API, admin), seeded; builds what it runs
	@npx tsx deploy/local/up.ts

down: ## Stop everything `make up` started
	@npx tsx deploy/local/down.ts

logs: ## Follow every log of the local stack
	@tail -n 50 -F .local/logs/*.log

logs-api: ## Follow the API log
	@tail -n 50 -F .local/logs/api.log

logs-admin: ## Follow the admin dashboard log
	@tail -n 50 -F .local/logs/admin.log

dev-api: ## Run the API with hot reload against the local stack (run `make up` first)
	@set -a; source $(STACK_ENV); set +a; npm run -s dev -w @cbc/api

dev-admin: ## Run the admin dashboard with hot reload on :3001 against the local stack (run `make up` first)
	@npx tsx deploy/local/admin.ts dev

db-shell: ## psql into the local database as the superuser
	@set -a; source $(STACK_ENV); set +a; psql "$$DATABASE_ADMIN_URL"

redis-cli: ## redis-cli against the local Redis
	@set -a; source $(STACK_ENV); set +a; redis-cli -u "$$REDIS_URL"

seed: ## Send deterministic seed data through the API (SEED=42; SCALE=1000000 bulk-loads with COPY)
	@set -a; source $(STACK_ENV); set +a; npm run -s cli -- seed $(if $(SEED),--seed $(SEED),) $(if $(SCALE),--scale $(SCALE),)

dbt-run: ## Build the dbt models against the local stack
	@scripts/dbt.sh run

dbt-test: ## Run the dbt data and unit tests
	@scripts/dbt.sh test

dbt-build: ## dbt build: models, seeds and tests in DAG order
	@scripts/dbt.sh build

dbt-docs: ## Generate the dbt docs site (dbt/target/index.html)
	@scripts/dbt.sh docs generate

dbt-docs-serve: dbt-docs ## Serve the dbt docs on http://127.0.0.1:8081
	@scripts/dbt.sh docs serve --host 127.0.0.1 --port 8081 --no-browser

prune: ## Remove data past its retention class (DRY_RUN=1 to only count)
	@set -a; source $(STACK_ENV); set +a; npm run -s cli -- prune-retention $(if $(DRY_RUN),--dry-run,)

backup: ## Dump the local database (pg_dump custom format) with a manifest into .local/backups
	@set -a; source $(STACK_ENV); set +a; npm run -s cli -- backup

restore: ## Restore the latest backup (FILE=… for another), re-apply the deletion ledger, restart the API
	@npx tsx deploy/local/restore.ts

lint: install-stack ## Lint every workspace
	@npm run -s lint

typecheck: install-stack ## Type-check every workspace
	@npm run -s typecheck

test: install ## Install what is needed, lint, typecheck, run every test with coverage (dbt's checks last), print coverage
	@rm -rf test-results */coverage */*/coverage
	@npm run -s lint
	@npm run -s typecheck
	@status=0; npm run -s coverage || status=$$?; scripts/test-dbt-checks.sh || status=$$?; node scripts/coverage-summary.mjs; node scripts/test-summary.mjs || status=1; exit $$status

test-quick: install ## Every workspace's tests without lint, typecheck or coverage (a faster local loop)
	@rm -rf test-results
	@status=0; npm run -s test || status=$$?; node scripts/test-summary.mjs || status=1; exit $$status

test-api: install ## The API unit tests (nothing running needed)
	@npm run -s test -w @cbc/api -- --project unit

test-integration: install ## The tests that need PostgreSQL and Redis (started by the tests)
	@npm run -s test -w @cbc/api -- --project integration

test-admin: install ## The admin dashboard's unit tests and browser tests (starts its own seeded stack)
	@npm run -s test -w @cbc/admin

attack: ## Adversary suite against the running local stack (make up): PII canaries, hostile Unicode, large texts; exits 1 on a violation
	@npx tsx services/api/test/adversary/live.ts

verify-metrics: ## Every metric × window × segment of the running local stack against a recomputation from raw.events; exits 1 on a mismatch
	@npx tsx services/api/test/live/verify-metrics.ts

bench: build ## Every benchmark, one after another (heavy: minutes of both cores); one JSON line per metric in bench-results/latest.jsonl
	@status=0; for b in bench-ingest bench-analytics bench-redaction bench-admin; do echo "== make $$b"; $(MAKE) --no-print-directory $$b || status=1; done; \
	echo "results: bench-results/latest.jsonl"; exit $$status

bench-ingest: build ## Ingest benchmark: paired ratios against bare fastify and raw COPY
	@npx tsx services/api/bench/ingest.ts

bench-analytics: build ## Analytics benchmark: overview at 1M vs 10M events, mart vs raw SQL, dbt incremental vs full
	@npx tsx services/jobs/bench/analytics.ts

bench-redaction: ## Redaction worst case: µs per KB of hostile inputs vs ordinary guest text, same run (JSON lines)
	@npx tsx packages/privacy/bench/redaction.ts

bench-admin: install ## Admin paint budget: Overview, Services, Search — median LCP and first chart with data of 5 loads (JSON lines), screenshots at 1440 and 820 px
	@npm run -s bench -w @cbc/admin

k8s-tools: ## Build kube-apiserver, controller-manager, scheduler, kubectl and kwok once (~/.cache/cbc-k8s)
	@scripts/k8s/build-tools.sh

test-k8s: ## Chart installs/upgrades/uninstalls and the Pulumi objects against a real kube-apiserver (kwok nodes)
	@scripts/k8s/test.sh

images: ## Build the four container images with podman (cbc-analytics/<name>:<sha> and :local); BASE=official uses Docker Hub bases
	@scripts/images/build.sh

test-images: install ## Boot each image as the chart runs it against real Postgres and Redis, check its contents (after make images; not in make test)
	@scripts/images/test.sh

k8s-render: ## Render the chart's default install to k8s/rendered/ (for plain-YAML users)
	@scripts/render-k8s.sh

clean: ## Remove build outputs (DATA=1 also removes local data in .local/)
	@rm -rf services/*/dist admin/.next test-results */coverage */*/coverage
	@if [ "$(DATA)" = "1" ]; then npx tsx deploy/local/down.ts >/dev/null 2>&1 || true; rm -rf .local; echo "removed .local/"; fi

.PHONY: help install install-stack build up down logs logs-api dev-api db-shell redis-cli seed dbt-run dbt-test dbt-build dbt-docs dbt-docs-serve prune backup restore lint typecheck test test-quick test-api test-integration bench-ingest bench-analytics k8s-render clean
.PHONY: logs-admin dev-admin test-admin bench bench-admin bench-redaction attack verify-metrics
.PHONY: k8s-tools test-k8s
.PHONY: images test-images
