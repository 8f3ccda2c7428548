# syntax=docker/dockerfile:1.7
# dbt with the project baked in at /app/dbt (profiles.yml reads every connection setting from
# DBT_* env vars; the password from DBT_ENV_SECRET_PASSWORD, which dbt scrubs from its logs).
#   docker build -f deploy/images/dbt.Dockerfile -t cbc-dbt:<tag> .        (from the repo root)
# Runtime contract with charts/cbc-analytics: `python /app/dbt/scripts/locked_dbt.py build
# --profiles-dir /app/dbt --project-dir /app/dbt` (dbt under an advisory lock; python is the
# venv's, first on PATH), uid/gid 10001, read-only root filesystem; target/ and logs/ go to /tmp.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# ── build: a virtualenv with the pinned requirements, and a parse of the project ──────────────
FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/dbt
# requirements.txt ends with `-c constraints.txt`, which pip resolves beside it: copy both.
COPY dbt/requirements.txt dbt/constraints.txt /tmp/
# The download cache is a build cache mount: a rebuild reuses the wheels, and none of them lands
# in a layer.
RUN --mount=type=cache,target=/root/.cache/pip /opt/dbt/bin/pip install -r /tmp/requirements.txt
COPY dbt /src/dbt
# Only what dbt reads at run time: the project, the profile and the resource folders that exist
# (analyses/ and snapshots/ are optional), plus the wrapper the CronJob runs dbt through (it holds
# the build's advisory lock); the other scripts, fixtures and local outputs stay behind.
RUN set -eu; mkdir -p /app/dbt/scripts; cp /src/dbt/dbt_project.yml /src/dbt/profiles.yml /app/dbt/; \
    cp /src/dbt/scripts/locked_dbt.py /app/dbt/scripts/; \
    for d in models macros seeds tests analyses snapshots; do \
      if [ -d "/src/dbt/$d" ]; then cp -a "/src/dbt/$d" /app/dbt/; fi; \
    done
# A broken project fails the image build, not the first CronJob run. `parse` never connects;
# the password is a placeholder because profiles.yml requires the variable.
RUN DBT_ENV_SECRET_PASSWORD=parse-only /opt/dbt/bin/dbt parse --profiles-dir /app/dbt --project-dir /app/dbt \
      --target-path /tmp/dbt-target --log-path /tmp/dbt-logs --no-send-anonymous-usage-stats

# ── runtime ───────────────────────────────────────────────────────────────────────────────────
FROM ${PYTHON_IMAGE} AS runtime
ARG VERSION=dev
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="cbc-dbt" \
      org.opencontainers.image.description="CBC Analytics dbt project (raw → staging → marts)" \
      org.opencontainers.image.source="https://github.com/coral-beach-club/cbc-analytics" \
      org.opencontainers.image.vendor="Coral Beach Club" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}"
# The same base image, so the venv's interpreter path (/usr/local/bin/python3.11) exists here too.
COPY --from=build /opt/dbt /opt/dbt
COPY --from=build /app/dbt /app/dbt
# Writes go to /tmp only (read-only root filesystem): target/, logs/ and dbt's home files.
ENV PATH=/opt/dbt/bin:$PATH \
    DBT_PROFILES_DIR=/app/dbt \
    DBT_PROJECT_DIR=/app/dbt \
    DBT_TARGET_PATH=/tmp/dbt/target \
    DBT_LOG_PATH=/tmp/dbt/logs \
    DBT_SEND_ANONYMOUS_USAGE_STATS=false \
    HOME=/tmp \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
WORKDIR /app/dbt
USER 10001:10001
# A batch image: each run is a CronJob whose exit code is its health. No HEALTHCHECK.
HEALTHCHECK NONE
ENTRYPOINT ["dbt"]
CMD ["build"]
