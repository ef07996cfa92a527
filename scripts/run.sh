#!/usr/bin/env bash
# Runs the platform locally: sets up what is missing, then a Celery worker and the
# web server in the foreground until Ctrl+C.
set -euo pipefail

# shellcheck source=scripts/bootstrap.sh
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
# shellcheck source=scripts/services.sh
source "$(dirname "${BASH_SOURCE[0]}")/services.sh"

export DEBUG=${DEBUG:-1}
# Everyone who tries the development server comes from the same loopback address: a
# class signing up there together (or a load test) must not meet the per-address limit
# meant for a public site (50 an hour, see README).
export SIGNUPS_PER_ADDRESS_PER_HOUR=${SIGNUPS_PER_ADDRESS_PER_HOUR:-1000}
export PYTHONUNBUFFERED=1
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
PROCESS_GROUPS=()

manage() {
  "$VENV/bin/python" "$REPO_ROOT/manage.py" "$@"
}

ensure_admin() {
  if [[ -z ${GOCOURSE_ADMIN_PASSWORD:-} ]]; then
    return 0
  fi
  manage shell --verbosity 0 -c '
import os
from django.contrib.auth import get_user_model
User = get_user_model()
name = os.environ.get("GOCOURSE_ADMIN_USER", "admin")
user, _ = User.objects.get_or_create(**{User.USERNAME_FIELD: name})
user.is_staff = user.is_superuser = True
user.set_password(os.environ["GOCOURSE_ADMIN_PASSWORD"])
user.save()
'
  log "admin: staff account ${GOCOURSE_ADMIN_USER:-admin} is ready"
}

prefix_lines() {
  # Keep printing through Ctrl+C so the processes' shutdown messages still show.
  trap '' INT TERM
  exec sed -u "s/^/[$1] /"
}

# Each process gets its own process group so that stopping it also stops the
# children it forks (Celery's pool, runserver's reloader).
start_process() {
  local name=$1
  shift
  setsid "$@" > >(prefix_lines "$name") 2>&1 &
  PROCESS_GROUPS+=("$!")
}

any_group_alive() {
  local pgid
  for pgid in "${PROCESS_GROUPS[@]}"; do
    if kill -0 -- "-$pgid" 2>/dev/null; then
      return 0
    fi
  done
  return 1
}

signal_groups() {
  local pgid
  for pgid in "${PROCESS_GROUPS[@]}"; do
    kill "-$1" -- "-$pgid" 2>/dev/null || true
  done
}

stop_all() {
  trap - INT TERM EXIT
  if [[ ${#PROCESS_GROUPS[@]} -eq 0 ]]; then
    return 0
  fi
  log "stopping the worker and the web server"
  signal_groups TERM
  for _ in {1..100}; do
    any_group_alive || break
    sleep 0.1
  done
  signal_groups KILL
  wait 2>/dev/null || true
}

main() {
  bootstrap
  ensure_redis
  ensure_docker
  ensure_sandbox_image
  manage migrate --noinput
  # A content error must not keep the site down: it keeps serving the last good version.
  manage_if_available sync_content || log "content: not loaded, fix the errors above (the site keeps the last good version)"
  ensure_admin

  trap stop_all EXIT
  trap 'stop_all; exit 130' INT
  trap 'stop_all; exit 143' TERM
  # -B runs the beat scheduler in the worker: it re-sends submissions stuck by an outage.
  # Two runs per core: each waits on Docker part of the time, so one per core leaves the
  # cores idle while learners wait in the queue.
  start_process worker "$VENV/bin/celery" -A gocourse worker -B --loglevel=info \
    --concurrency="${WORKER_CONCURRENCY:-$(($(nproc) * 2))}" \
    --schedule "$REPO_ROOT/var/celerybeat-schedule"
  start_process web "$VENV/bin/python" manage.py runserver "$HOST:$PORT"
  log "gocourse is starting: open http://$HOST:$PORT/ (Ctrl+C stops it)"

  local status=0
  wait -n "${PROCESS_GROUPS[@]}" || status=$?
  log "a process exited (status $status)"
  stop_all
  exit "$status"
}

cd "$REPO_ROOT"
main
