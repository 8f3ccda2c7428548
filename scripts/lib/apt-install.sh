# Sourced by the install scripts. apt_install_missing COMMAND:PACKAGE…: apt-get installs the
# packages whose command is not on PATH (one apt-get run for all of them), quietly.
apt_install_missing() {
  local pair packages=()
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || packages+=("${pair#*:}")
  done
  [ "${#packages[@]}" -gt 0 ] || return 0
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
    echo "install: need ${packages[*]} but cannot apt-get install without root" >&2
    return 1
  fi
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  quiet_step install "apt-get install ${packages[*]}" bash -c \
    "$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends ${packages[*]}"
}
