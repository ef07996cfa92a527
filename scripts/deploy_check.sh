#!/usr/bin/env bash
# Builds the production images, starts deploy/docker-compose.yml as a throwaway stack
# (project gocourse-check, http://localhost:$CHECK_PORT), runs `check --deploy` in it
# and tests/e2e/test_deployed_stack.py against it (a learner, a contributor's webhook,
# a staff user), then removes the stack and its volumes. Not part of ./scripts/test.sh:
# building the images needs the Debian mirror and takes minutes on a cold machine.
#
#   ./scripts/deploy_check.sh [--wheels-from-host] [--keep]
#
# --wheels-from-host goes to deploy/build.sh; --keep leaves the stack running.
set -euo pipefail

# shellcheck source=scripts/bootstrap.sh
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
# shellcheck source=scripts/services.sh
source "$(dirname "${BASH_SOURCE[0]}")/services.sh"

CHECK_PORT=${CHECK_PORT:-8765}
build_args=()
keep=0
for arg in "$@"; do
  case $arg in
    --wheels-from-host) build_args+=("$arg") ;;
    --keep) keep=1 ;;
    *) die "unknown argument: $arg" ;;
  esac
done

cd "$REPO_ROOT"
bootstrap
ensure_redis  # the test harness's own cache and broker, not the stack's
ensure_docker
ensure_chromium
ensure_compose
"$REPO_ROOT/deploy/build.sh" "${build_args[@]}"

mkdir -p "$VAR_DIR"
env_file="$VAR_DIR/deploy-check.env"
admin_password=$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')
webhook_secret=$(python3 -c 'import secrets; print(secrets.token_hex(20))')
cat >"$env_file" <<ENV
SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')
ALLOWED_HOSTS=localhost
CSRF_TRUSTED_ORIGINS=http://localhost:$CHECK_PORT
POSTGRES_PASSWORD=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
DOCKER_GID=$(stat -c %g /var/run/docker.sock)
HTTP_PORT=$CHECK_PORT
GITHUB_WEBHOOK_SECRET=$webhook_secret
ENV
# docker-compose prefers the caller's environment to the env file: the stack must get
# exactly the file's settings (a test shell's SECRET_KEY would fail check --deploy).
for name in $(grep -o '\${[A-Z_]*' "$REPO_ROOT/deploy/docker-compose.yml" | tr -d '${' | sort -u); do
  unset "$name"
done
compose=(docker-compose --project-name gocourse-check --env-file "$env_file"
  --file "$REPO_ROOT/deploy/docker-compose.yml")

cleanup() {
  if [[ $keep -eq 0 ]]; then
    log "stack: removing it and its volumes"
    "${compose[@]}" down --volumes --remove-orphans >/dev/null 2>&1 || true
  else
    log "stack: left running at http://localhost:$CHECK_PORT (${compose[*]} down -v)"
  fi
}
trap cleanup EXIT

log "stack: starting"
started=$(date +%s)
"${compose[@]}" up -d --no-build
web_healthy() {
  [[ $(docker inspect --format '{{.State.Health.Status}}' "$("${compose[@]}" ps -q web)" 2>/dev/null) == healthy ]]
}
worker_ready() {
  "${compose[@]}" logs worker 2>&1 | grep -q "ready\."
}
wait_for 180 web_healthy || { "${compose[@]}" logs --tail=40 web >&2; die "web did not become healthy"; }
wait_for 300 worker_ready || { "${compose[@]}" logs --tail=40 worker >&2; die "worker did not start"; }
log "stack: web healthy and worker ready after $(($(date +%s) - started)) s"

log "check --deploy inside the web container"
"${compose[@]}" exec -T web python manage.py check --deploy --fail-level WARNING

"${compose[@]}" exec -T -e DJANGO_SUPERUSER_PASSWORD="$admin_password" web \
  python manage.py createsuperuser --noinput --username admin --email admin@example.com >/dev/null

log "pytest tests/e2e/test_deployed_stack.py against http://localhost:$CHECK_PORT"
GOCOURSE_STACK_URL=http://localhost:$CHECK_PORT \
  GOCOURSE_STACK_ADMIN=admin GOCOURSE_STACK_ADMIN_PASSWORD=$admin_password \
  GOCOURSE_STACK_WEBHOOK_SECRET=$webhook_secret \
  DEBUG=0 SECRET_KEY=insecure-key-for-tests-only PLAYWRIGHT_CHROMIUM_EXECUTABLE=/usr/bin/chromium \
  "$VENV/bin/pytest" -q tests/e2e/test_deployed_stack.py
