#!/usr/bin/env bash
# Creates .venv and installs the project with its dev tools. Run it, or source it
# and call `bootstrap`. Quick when nothing changed since the last install.

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

venv_is_usable() {
  [[ -x $VENV/bin/python && -x $VENV/bin/pip ]] && "$VENV/bin/python" -c '' 2>/dev/null
}

# Debian ships venv's ensurepip in a separate package, so `python3 -m venv` alone
# does not prove we can create a working environment.
ensure_python_venv() {
  if ! command -v python3 >/dev/null 2>&1; then
    apt_install python3 python3-venv
  elif ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
    apt_install python3-venv
  fi
}

create_venv() {
  ensure_python_venv
  log "creating .venv with $(python3 --version)"
  if ! python3 -m venv --clear "$VENV"; then
    rm -rf "$VENV"
    die "python3 -m venv failed; on Debian run: apt-get install -y python3-venv"
  fi
}

pyproject_hash() {
  sha256sum "$REPO_ROOT/pyproject.toml" | cut -d' ' -f1
}

bootstrap() {
  local stamp="$VENV/.pyproject.sha256"
  if ! venv_is_usable; then
    create_venv
  fi
  if [[ -f $stamp && $(<"$stamp") == "$(pyproject_hash)" ]]; then
    log "python packages up to date"
    return 0
  fi
  log "installing python packages from pyproject.toml (first time: a few minutes)"
  (cd "$REPO_ROOT" && "$VENV/bin/pip" install --quiet --quiet --editable '.[dev]')
  pyproject_hash >"$stamp"
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  set -euo pipefail
  bootstrap
fi
