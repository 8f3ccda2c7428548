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
local_base=0
if [ "${BASE:-local}" = local ]; then
  "$images_dir/base.sh"
  local_base=1
fi

# Build containers do not trust the CA bundle the host trusts (a TLS-inspecting proxy may sit
# between this machine and the registries): hand the host bundle to npm and pip through mounted
# config, so the Dockerfiles need no change. A bind mount onto a path the image lacks leaves an
# empty file there in every layer a RUN makes (buildah creates the mount point), so the mounts go
# onto paths that already exist: Debian's empty /usr/local/etc for npm (its global npmrc lives
# there), and for pip the bundle the Python base ships plus /etc/pip.conf, whose stub stays in
# the dbt build stage (its runtime stage runs nothing).
trust="$cache_dir/trust"
mkdir -p "$trust/npm"
cp "$host_ca" "$trust/npm/ca-certificates.crt"
printf 'cafile=/usr/local/etc/ca-certificates.crt\n' >"$trust/npm/npmrc"
printf '[global]\ncert = /etc/ssl/certs/ca-certificates.crt\n' >"$trust/pip.conf"
node_mounts=(-v "$trust/npm:/usr/local/etc:ro")
python_mounts=(-v "$host_ca:/etc/ssl/certs/ca-certificates.crt:ro" -v "$trust/pip.conf:/etc/pip.conf:ro")

failed=()
for name in "${names[@]}"; do
  file="deploy/images/$name.Dockerfile"
  [ -f "$file" ] || { echo "images: no $file" >&2; exit 2; }
  # Each Dockerfile declares the one base ARG it uses (passing the other only draws a warning).
  if [ "$name" = dbt ]; then base_arg=(--build-arg "PYTHON_IMAGE=$base_python"); mounts=("${python_mounts[@]}")
  else base_arg=(--build-arg "NODE_IMAGE=$base_node"); mounts=("${node_mounts[@]}"); fi
  base_args=()
  [ "$local_base" = 1 ] && base_args=(--pull=never "${base_arg[@]}")
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
    failed+=("$name")
    continue
  fi
  size=$(podman image inspect --format '{{.Size}}' "cbc-analytics/$name:local")
  printf 'images: cbc-analytics/%-6s %4d s  %4d MB\n' "$name" "$((SECONDS - start))" "$((size / 1000000))"
done
[ "${#failed[@]}" -eq 0 ] || { echo "images: failed: ${failed[*]}" >&2; exit 1; }
