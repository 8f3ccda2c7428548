# syntax=docker/dockerfile:1.7
# The operations CLI (services/jobs): migrate, wait-for-schema, prune-retention, replay-ledger,
# create-staff, …, bundled by esbuild into dist/cli.js. One image for every Job and CronJob.
#   docker build -f deploy/images/jobs.Dockerfile -t cbc-jobs:<tag> .        (from the repo root)
# Runtime contract with charts/cbc-analytics: the chart runs `node dist/cli.js <command> …` in
# WORKDIR, as uid/gid 10001, with a read-only root filesystem and an emptyDir on /tmp.

ARG NODE_IMAGE=node:20-bookworm-slim

# ── build: the commands CI runs ───────────────────────────────────────────────────────────────
FROM ${NODE_IMAGE} AS build
WORKDIR /src
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
COPY . .
# --ignore-scripts: see ingest.Dockerfile.
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts
RUN npm run build -w services/jobs

# ── prod-deps: production dependencies of this one workspace (see ingest.Dockerfile) ─────────
FROM build AS prod-deps
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts -w services/jobs --include-workspace-root=false \
 && node deploy/images/prune-prod-deps.mjs services/jobs \
 && rm -rf node_modules/@cbc \
 && mkdir -p services/jobs/node_modules

# ── runtime ───────────────────────────────────────────────────────────────────────────────────
FROM ${NODE_IMAGE} AS runtime
ARG VERSION=dev
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="cbc-jobs" \
      org.opencontainers.image.description="CBC Analytics operations CLI (migrations, retention, ledger replay, staff accounts)" \
      org.opencontainers.image.source="https://github.com/coral-beach-club/cbc-analytics" \
      org.opencontainers.image.vendor="Coral Beach Club" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}"
RUN rm -rf /usr/local/lib/node_modules /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack
WORKDIR /app/services/jobs
COPY --from=prod-deps /src/node_modules /app/node_modules
COPY --from=prod-deps /src/services/jobs/node_modules ./node_modules
COPY --from=build /src/services/jobs/package.json ./package.json
COPY --from=build /src/services/jobs/dist ./dist
# @cbc/db finds its SQL at new URL('../migrations', import.meta.url): bundled into dist/cli.js,
# that is services/jobs/migrations, beside dist/.
COPY --from=build /src/packages/db/migrations ./migrations
ENV NODE_OPTIONS=--enable-source-maps
USER 10001:10001
# A batch image: each run is a Job whose exit code is its health. No HEALTHCHECK.
HEALTHCHECK NONE
CMD ["node", "dist/cli.js", "--help"]
