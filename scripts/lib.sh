# Shared helpers for the scripts in this folder. Source it; do not run it.
# shellcheck shell=bash

if [[ -n ${GOCOURSE_LIB_LOADED:-} ]]; then
  return 0
fi
GOCOURSE_LIB_LOADED=1

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV="$REPO_ROOT/.venv"
VAR_DIR="$REPO_ROOT/var"
LOG_DIR="$VAR_DIR/log"
APT_UPDATED=0

log() {
  printf '==> %s\n' "$*"
}

die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

is_root() {
  [[ $(id -u) -eq 0 ]]
}

has_apt() {
  [[ -f /etc/debian_version ]] && command -v apt-get >/dev/null 2>&1
}

# Installs Debian packages when we may (root on Debian); otherwise tells the user
# the exact command and stops, since guessing another package manager's names is worse.
apt_install() {
  if ! has_apt; then
    die "missing: $*. Install them with your package manager (on Debian: apt-get install -y $*), then run this again."
  fi
  if ! is_root; then
    die "missing: $*. Run: sudo apt-get update && sudo apt-get install -y $*"
  fi
  mkdir -p "$LOG_DIR"
  local apt_log="$LOG_DIR/apt.log"
  export DEBIAN_FRONTEND=noninteractive
  if [[ $APT_UPDATED -eq 0 ]]; then
    log "apt-get update"
    apt-get update -q >>"$apt_log" 2>&1 || { tail -n 20 "$apt_log" >&2; die "apt-get update failed (log: $apt_log)"; }
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  apt-get install -y -q "$@" >>"$apt_log" 2>&1 || { tail -n 20 "$apt_log" >&2; die "apt-get install $* failed (log: $apt_log)"; }
}

# Runs a management command that another part of the project may not have shipped yet.
manage_if_available() {
  local command=$1 output
  if ! output=$("$VENV/bin/python" "$REPO_ROOT/manage.py" help "$command" 2>&1); then
    if [[ $output == *"Unknown command"* ]]; then
      log "manage.py $command does not exist yet; skipped"
      return 0
    fi
    printf '%s\n' "$output" >&2
    die "manage.py could not load (see above)"
  fi
  "$VENV/bin/python" "$REPO_ROOT/manage.py" "$@"
}
