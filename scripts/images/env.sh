# Sourced by the scripts in this folder: one place for the settings every podman/buildah call
# shares. Not executable on its own.
images_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$images_dir/../.." && pwd)"
export CONTAINERS_CONF="$images_dir/containers.conf"
# Build logs, the base images' scratch space and the trust files for builds (git-ignored .local/).
cache_dir="$repo_root/.local/images"
mkdir -p "$cache_dir"
# Base images are tagged under localhost/cbc-base/ so they never shadow a real registry name.
base_debian=localhost/cbc-base/debian:bookworm-slim
base_node=localhost/cbc-base/node:20-bookworm-slim
base_python=localhost/cbc-base/python:3.11-slim-bookworm
# The CA bundle the host trusts: builds reach npm and PyPI through it (see build.sh).
host_ca=${HOST_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}
