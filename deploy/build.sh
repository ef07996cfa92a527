#!/usr/bin/env bash
# Builds the three images of deploy/docker-compose.yml from deploy/Dockerfile:
# gocourse-app, gocourse-redis and gocourse-postgres. Run it from anywhere, as a user
# who may use the Docker engine.
#
#   deploy/build.sh                     PyPI and the Debian mirror from inside the build
#   deploy/build.sh --wheels-from-host  the host's pip makes the wheels (var/wheelhouse)
#                                       and the build takes them from a server on the
#                                       host's loopback: for a proxy only the host trusts
#
# Builds use the host's network, so they also work on an engine started with
# --bridge=none. When the base image debian:bookworm-slim is missing and no registry
# can be reached, it is made from the Debian mirror with debootstrap (needs root).
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

ROOT=$REPO_ROOT
BASE=debian:bookworm-slim
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
WHEELHOUSE=$VAR_DIR/wheelhouse

wheels_from_host=0
for arg in "$@"; do
  case $arg in
    --wheels-from-host) wheels_from_host=1 ;;
    -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
    *) die "unknown argument: $arg (see --help)" ;;
  esac
done

command -v docker >/dev/null || die "docker is not installed (on Debian: apt-get install -y docker.io)"
docker info >/dev/null 2>&1 || die "the Docker engine does not answer (is dockerd running?)"

ensure_base_image() {
  if docker image inspect "$BASE" >/dev/null 2>&1; then
    return
  fi
  if docker pull "$BASE" >/dev/null 2>&1; then
    log "base image: pulled $BASE"
    return
  fi
  is_root || die "$BASE is missing and no registry answers: run this as root to make it with debootstrap"
  command -v debootstrap >/dev/null || apt_install debootstrap
  local rootfs
  rootfs=$(mktemp -d)
  trap 'rm -rf "$rootfs"' RETURN
  log "base image: debootstrap bookworm from $MIRROR (a few minutes)"
  debootstrap --variant=minbase bookworm "$rootfs" "$MIRROR" >/dev/null
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | docker import - "$BASE" >/dev/null
  log "base image: $BASE imported"
}

fill_wheelhouse() {
  local python=${PYTHON:-python3}
  "$python" -c 'import sys; assert sys.version_info[:2] == (3, 11)' 2>/dev/null \
    || die "--wheels-from-host needs Python 3.11 on the host, like Debian bookworm's in the image (set PYTHON=)"
  log "wheelhouse: the host's pip makes the wheels"
  mkdir -p "$WHEELHOUSE"
  rm -f "$WHEELHOUSE"/*.whl
  # setuptools and wheel build the project's metadata; async-timeout is what redis needs
  # on bookworm's Python 3.11.2 (< 3.11.3), which a newer host Python would leave out.
  "$python" -m pip wheel --quiet --wheel-dir "$WHEELHOUSE" "$ROOT[postgres]" \
    setuptools wheel 'async-timeout>=4.0.3' 2> >(grep -v "^WARNING: Location" >&2)
  rm -f "$WHEELHOUSE"/gocourse-*.whl  # the project itself is copied, not installed
  log "wheelhouse: $(find "$WHEELHOUSE" -name '*.whl' | wc -l) wheels"
}

# Serves the wheelhouse on the host's loopback, which builds on the host network reach.
serve_wheelhouse() {
  local port
  port=$("${PYTHON:-python3}" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "${PYTHON:-python3}" -m http.server --bind 127.0.0.1 --directory "$WHEELHOUSE" "$port" \
    >/dev/null 2>&1 &
  WHEEL_SERVER=$!
  trap 'kill $WHEEL_SERVER 2>/dev/null || true' EXIT
  build_args+=(--build-arg "WHEELS_URL=http://127.0.0.1:$port/")
}

build_args=()
ensure_base_image
if [[ $wheels_from_host -eq 1 ]]; then
  fill_wheelhouse
  serve_wheelhouse
fi
for target in redis postgres app; do
  log "image: gocourse-$target"
  docker build --network host --quiet --file "$ROOT/deploy/Dockerfile" --target "$target" \
    "${build_args[@]}" --tag "gocourse-$target:latest" "$ROOT" >/dev/null
done
log "built: gocourse-app, gocourse-redis, gocourse-postgres (next: cd deploy && docker-compose up -d)"
