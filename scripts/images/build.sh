#!/usr/bin/env bash
# Builds the four images with podman: cbc-analytics/<name>:<git short sha> and :local.
#   scripts/images/build.sh [ingest|jobs|admin|dbt ...]     (default: all four)
# BASE=official builds FROM the Dockerfiles' defaults (node:20-bookworm-slim,
# python:3.11-slim-bookworm: a registry must be reachable); the default, BASE=local, builds FROM
# the localhost/cbc-base/ images base.sh makes without one.
# Prints each build's time and the image's size.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$repo_root"

names=("$@")
[ "${#names[@]}" -gt 0 ] || names=(ingest jobs admin dbt)
sha=$(git rev-parse --short HEAD)
revision=$(git rev-parse HEAD)
created=$(date -u +%FT%TZ)

"$images_dir/install.sh"
base_args=()
if [ "${BASE:-local}" = local ]; then
  "$images_dir/base.sh"
  base_args=(--pull=never --build-arg "NODE_IMAGE=$base_node" --build-arg "PYTHON_IMAGE=$base_python")
fi

# Build containers do not trust the CA bundle the host trusts (a TLS-inspecting proxy may sit
# between this machine and the registries): mount the host bundle read-only and point npm and
# pip at it through config files mounted beside it. Nothing of this lands in an image layer and
# the Dockerfiles need no change.
trust="$cache_dir/trust"
mkdir -p "$trust"
printf 'cafile=/etc/ssl/certs/ca-certificates.crt\n' >"$trust/npmrc"
printf '[global]\ncert = /etc/ssl/certs/ca-certificates.crt\n' >"$trust/pip.conf"
mounts=(
  -v "$host_ca:/etc/ssl/certs/ca-certificates.crt:ro"
  -v "$trust/npmrc:/usr/local/etc/npmrc:ro"
  -v "$trust/pip.conf:/etc/pip.conf:ro"
)

for name in "${names[@]}"; do
  file="deploy/images/$name.Dockerfile"
  [ -f "$file" ] || { echo "images: no $file" >&2; exit 2; }
  start=$SECONDS
  echo "images: building cbc-analytics/$name:$sha (log in .local/images/$name.build.log)"
  # --format docker keeps HEALTHCHECK (the OCI format drops it). The root .dockerignore is
  # deploy/images/dockerignore.txt, passed as the ignore file. Layers are cached between builds;
  # npm and pip downloads are cached by the Dockerfiles' RUN --mount=type=cache.
  if ! nice podman build --format docker --layers "${base_args[@]}" "${mounts[@]}" \
      --ignorefile deploy/images/dockerignore.txt -f "$file" \
      --build-arg "VERSION=$sha" --build-arg "REVISION=$revision" --build-arg "CREATED=$created" \
      -t "cbc-analytics/$name:$sha" -t "cbc-analytics/$name:local" . >"$cache_dir/$name.build.log" 2>&1; then
    tail -n 30 "$cache_dir/$name.build.log" >&2
    echo "images: $name FAILED after $((SECONDS - start)) s (full log: .local/images/$name.build.log)" >&2
    exit 1
  fi
  size=$(podman image inspect --format '{{.Size}}' "cbc-analytics/$name:local")
  printf 'images: cbc-analytics/%-6s %4d s  %4d MB\n' "$name" "$((SECONDS - start))" "$((size / 1000000))"
done
