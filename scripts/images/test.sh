#!/usr/bin/env bash
# Boots the images `build.sh` made as the chart runs them and checks what they contain
# (deploy/images/check/). Not part of `make test`: it needs built images and takes minutes.
#   IMAGE_TAG=<git short sha> scripts/images/test.sh     (default: the :local tags)
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$repo_root"
"$images_dir/install.sh"
# helm renders the chart the checks read (compiled once from the Go module proxy; see the script).
scripts/install-helm.sh >/dev/null
exec npx tsx deploy/images/check/main.ts
