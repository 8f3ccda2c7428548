# syntax=docker/dockerfile:1.7
# The staff admin (admin/): Next.js 15 with `output: 'standalone'`.
#   docker build -f deploy/images/admin.Dockerfile -t cbc-admin:<tag> .        (from the repo root)
# Runtime contract with charts/cbc-analytics: `node server.js` in /app, PORT=3001,
# HOSTNAME=0.0.0.0, uid/gid 10001, read-only root filesystem with emptyDirs on /tmp and
# /app/.next/cache (Next's image and fetch cache), probes on GET /api/health.

ARG NODE_IMAGE=node:20-bookworm-slim

# ── build: the commands CI runs ───────────────────────────────────────────────────────────────
FROM ${NODE_IMAGE} AS build
WORKDIR /src
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false NEXT_TELEMETRY_DISABLED=1
COPY . .
# --ignore-scripts: see ingest.Dockerfile.
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts
RUN npm run build -w admin
# Normalise the standalone output into /out/app (server.js, .next, public) and /out/node_modules.
# In an npm-workspaces monorepo Next traces from the workspace root, so the server lands in
# .next/standalone/admin/ with the hoisted packages in .next/standalone/node_modules; a
# self-contained build puts everything at the top. Standalone omits static assets and public/:
# they are copied in as Next's docs say (replacing any copy a postbuild step already made).
RUN set -eu; s=admin/.next/standalone; mkdir -p /out; \
    if [ -f "$s/admin/server.js" ]; then cp -a "$s/admin" /out/app && cp -a "$s/node_modules" /out/node_modules; \
    else cp -a "$s" /out/app && mkdir -p /out/node_modules; fi; \
    rm -rf /out/app/.next/static /out/app/public; \
    cp -a admin/.next/static /out/app/.next/static; \
    if [ -d admin/public ]; then cp -a admin/public /out/app/public; fi; \
    test -f /out/app/server.js

# ── runtime ───────────────────────────────────────────────────────────────────────────────────
FROM ${NODE_IMAGE} AS runtime
ARG VERSION=dev
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="cbc-admin" \
      org.opencontainers.image.description="CBC Analytics staff admin (Next.js)" \
      org.opencontainers.image.source="https://github.com/coral-beach-club/cbc-analytics" \
      org.opencontainers.image.vendor="Coral Beach Club" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}"
RUN rm -rf /usr/local/lib/node_modules /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack
# The app at /app (what the chart mounts /app/.next/cache into); hoisted packages one level up,
# where Node's resolution from /app/server.js finds them after /app/node_modules.
COPY --from=build /out/node_modules /node_modules
COPY --from=build /out/app /app
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 HOSTNAME=0.0.0.0 PORT=3001
EXPOSE 3001
USER 10001:10001
# GET /api/health: the chart's startup, liveness and readiness probe. Kubernetes uses those;
# this is for `docker run`.
HEALTHCHECK --interval=30s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3001)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "server.js"]
