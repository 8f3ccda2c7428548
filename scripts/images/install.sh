#!/usr/bin/env bash
# Installs the container tools `make images` needs when they are missing (podman, buildah,
# skopeo, runc, fuse-overlayfs, slirp4netns, mmdebstrap, uidmap) and prints the path of the
# project's containers.conf. Never edits /etc: every podman/buildah call gets the project file
# through CONTAINERS_CONF (see env.sh).
set -euo pipefail

tools=(podman buildah skopeo runc fuse-overlayfs slirp4netns mmdebstrap newuidmap)
missing=()
for t in "${tools[@]}"; do command -v "$t" >/dev/null 2>&1 || missing+=("$t"); done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
    echo "images/install: need ${missing[*]} but cannot apt-get install without root" >&2
    exit 1
  fi
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  echo "images/install: apt-get install podman buildah skopeo runc fuse-overlayfs slirp4netns mmdebstrap uidmap"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    podman buildah skopeo runc fuse-overlayfs slirp4netns mmdebstrap uidmap >/dev/null
fi
