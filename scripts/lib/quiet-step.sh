# Sourced by the install scripts. quiet_step PREFIX NAME CMD…: runs CMD with its output captured,
# then prints "PREFIX: NAME … 12 s"; when CMD fails, prints the captured output and returns its
# status, so a fresh machine's install reads as a few lines unless something breaks.
quiet_step() {
  local prefix=$1 name=$2 log started rc=0
  shift 2
  log="$(mktemp)"
  started=$SECONDS
  "$@" >"$log" 2>&1 || rc=$?
  if [ "$rc" -eq 0 ]; then
    echo "$prefix: $name … $((SECONDS - started)) s"
  else
    echo "$prefix: $name failed after $((SECONDS - started)) s (exit $rc); its output:" >&2
    cat "$log" >&2
  fi
  rm -f "$log"
  return "$rc"
}
