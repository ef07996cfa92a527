#!/usr/bin/env bash
# Runs the linter and the whole test suite, after setting up what is missing.
# Extra arguments go to pytest, e.g. ./scripts/test.sh -k quiz -x
set -euo pipefail

# shellcheck source=scripts/bootstrap.sh
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
# shellcheck source=scripts/services.sh
source "$(dirname "${BASH_SOURCE[0]}")/services.sh"

# Tests run with production-like settings (DEBUG off), which refuse to start without a key.
export DEBUG=0
export SECRET_KEY=insecure-key-for-tests-only
export PLAYWRIGHT_CHROMIUM_EXECUTABLE=/usr/bin/chromium

cd "$REPO_ROOT"
bootstrap
ensure_redis
ensure_docker
ensure_chromium
ensure_sandbox_image
ensure_compose
ensure_runsc
ensure_postgres
log "ruff check ."
"$VENV/bin/ruff" check .
log "ruff format --check ."
"$VENV/bin/ruff" format --check .
log "lint-imports (the apps' layers, pyproject.toml)"
"$VENV/bin/lint-imports" --no-cache
log "pytest $*"
"$VENV/bin/pytest" "$@"
# Once more on a real PostgreSQL server, the database-heavy tests only (no browser, no
# sandbox): SQLite hides locking, ordering and type differences that production would meet.
log "pytest on PostgreSQL (127.0.0.1:$PG_PORT) $*"
DATABASE_URL=$PG_TEST_URL exec "$VENV/bin/pytest" -m "not browser and not docker" "$@"
