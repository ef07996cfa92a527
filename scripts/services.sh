# Starts what the platform needs beside Python: Redis, a Docker engine, Chromium for
# the browser tests, and the sandbox image. Source it; each ensure_* is idempotent.
# shellcheck shell=bash

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

: "${REDIS_URL:=redis://127.0.0.1:6379/0}"
export REDIS_URL

redis_answers() {
  [[ $(redis-cli -u "$REDIS_URL" ping 2>/dev/null) == PONG ]]
}

# Polls a check function once a second; returns 1 if it never succeeds in time.
wait_for() {
  local seconds=$1 check=$2 i
  for ((i = 0; i < seconds; i++)); do
    if "$check"; then
      return 0
    fi
    sleep 1
  done
  "$check"
}

ensure_redis() {
  if command -v redis-cli >/dev/null 2>&1 && redis_answers; then
    log "redis: already running"
    return 0
  fi
  if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
    apt_install redis-server
  fi
  mkdir -p "$LOG_DIR"
  # Debian's package does not start a server here (no systemd), so we run our own.
  redis-server --daemonize yes --port 6379 --bind 127.0.0.1 \
    --dir "$VAR_DIR" --logfile "$LOG_DIR/redis.log"
  wait_for 10 redis_answers || die "redis did not answer at $REDIS_URL (log: $LOG_DIR/redis.log)"
  log "redis: started on 127.0.0.1:6379"
}

docker_answers() {
  docker info >/dev/null 2>&1
}

dockerd_running() {
  local pid
  pid=$(cat /var/run/docker.pid 2>/dev/null) && kill -0 "$pid" 2>/dev/null
}

ensure_docker() {
  if command -v docker >/dev/null 2>&1 && docker_answers; then
    log "docker: engine already running"
    return 0
  fi
  # A docker CLI alone is not an engine: dockerd comes from Debian's docker.io.
  if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1; then
    apt_install docker.io
  fi
  if ! is_root; then
    die "docker: no engine answers and only root can start dockerd. Run: sudo dockerd --bridge=none --iptables=false --ip-forward=false --ip-masq=false"
  fi
  mkdir -p "$LOG_DIR"
  if ! dockerd_running; then
    # Sandbox containers never need a network, and traffic must stay on loopback.
    # setsid detaches dockerd so it outlives this script, as a system service would.
    setsid --fork dockerd --bridge=none --iptables=false --ip-forward=false --ip-masq=false \
      >>"$LOG_DIR/dockerd.log" 2>&1 </dev/null
  fi
  wait_for 60 docker_answers || {
    tail -n 20 "$LOG_DIR/dockerd.log" >&2
    die "docker: engine did not answer within 60 s (log: $LOG_DIR/dockerd.log)"
  }
  log "docker: engine started (log: var/log/dockerd.log)"
}

ensure_chromium() {
  if [[ -x /usr/bin/chromium ]]; then
    log "chromium: installed"
    return 0
  fi
  apt_install chromium
  log "chromium: installed /usr/bin/chromium"
}

# The vetted modules learners' code may import come from Debian's Go sources, as the
# module proxy cannot be reached (deploy/sandbox/README.md, "Modules learners can import").
ensure_vetted_modules() {
  if [[ -f /usr/share/gocode/src/golang.org/x/sync/go.mod ]]; then
    log "golang.org/x/sync: installed"
    return 0
  fi
  apt_install golang-golang-x-sync-dev
  log "golang.org/x/sync: installed /usr/share/gocode/src/golang.org/x/sync"
}

# The race image copies this machine's C toolchain (grader/sandbox/race_image.py): the
# race runtime needs cgo. Only build containers ever get it.
ensure_c_toolchain() {
  if command -v gcc >/dev/null 2>&1 && [[ -f /usr/lib/x86_64-linux-gnu/libc.a ]]; then
    log "gcc, libc6-dev: installed"
    return 0
  fi
  apt_install gcc libc6-dev
  log "gcc, libc6-dev: installed"
}

ensure_sandbox_image() {
  ensure_vetted_modules
  ensure_c_toolchain
  manage_if_available build_sandbox
}

# Debian's gVisor, for the test of SANDBOX_RUNTIME=runsc (on a private engine; the
# shared one is not reconfigured). Best effort: without it that one test is skipped.
ensure_runsc() {
  if command -v runsc >/dev/null 2>&1; then
    log "runsc: installed"
    return 0
  fi
  if has_apt && is_root && (apt_install runsc) >/dev/null 2>&1; then
    log "runsc: installed"
  else
    log "runsc: not installed, the gVisor test will be skipped"
  fi
}

# docker-compose 1.29 from Debian, enough to validate deploy/docker-compose.yml.
ensure_compose() {
  if command -v docker-compose >/dev/null 2>&1; then
    log "docker-compose: installed"
    return 0
  fi
  apt_install docker-compose
  log "docker-compose: installed"
}

# A PostgreSQL cluster of the project's own for the tests: var/pg, loopback only, port
# PG_PORT, trust authentication for the postgres user of this machine's loopback.
PG_PORT=${PG_PORT:-54329}
PG_DIR="$VAR_DIR/pg"
PG_TEST_URL="postgres://postgres@127.0.0.1:$PG_PORT/gocourse"

pg_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [[ -n $bin ]] && printf '%s' "$bin"
}

pg_answers() {
  "$(pg_bin)/pg_isready" --quiet --host=127.0.0.1 --port="$PG_PORT" 2>/dev/null
}

# Runs a PostgreSQL program as the postgres user: the server refuses to run as root.
as_postgres() {
  if is_root; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

ensure_postgres() {
  if [[ -z $(pg_bin) ]]; then
    apt_install postgresql
  fi
  local bin
  bin=$(pg_bin)
  if pg_answers; then
    # Another checkout's cluster (or one whose files were deleted) would fail later and
    # less clearly.
    local data_dir
    data_dir=$("$bin/psql" "postgres://postgres@127.0.0.1:$PG_PORT/postgres" -Atc \
      "SHOW data_directory" 2>/dev/null || true)
    if [[ $data_dir != "$PG_DIR" ]]; then
      die "postgres: port $PG_PORT is answered by another server (data: ${data_dir:-unreadable}); stop it or set PG_PORT"
    fi
    log "postgres: already running on 127.0.0.1:$PG_PORT"
  else
    mkdir -p "$PG_DIR" "$LOG_DIR"
    if is_root; then
      chown postgres: "$PG_DIR"
      touch "$LOG_DIR/postgres.log" && chown postgres: "$LOG_DIR/postgres.log"
    fi
    if [[ ! -s $PG_DIR/PG_VERSION ]]; then
      as_postgres "$bin/initdb" --pgdata="$PG_DIR" --username=postgres --auth=trust \
        --encoding=UTF8 --locale=C.UTF-8 >>"$LOG_DIR/postgres.log" 2>&1 ||
        die "postgres: initdb failed (log: $LOG_DIR/postgres.log)"
    fi
    as_postgres "$bin/pg_ctl" --pgdata="$PG_DIR" --log="$LOG_DIR/postgres.log" --wait \
      --options="-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$PG_DIR -c fsync=off" \
      start >/dev/null || die "postgres: did not start (log: $LOG_DIR/postgres.log)"
    log "postgres: started on 127.0.0.1:$PG_PORT (data: var/pg)"
  fi
  if [[ -z $("$bin/psql" "postgres://postgres@127.0.0.1:$PG_PORT/postgres" -Atc \
    "SELECT 1 FROM pg_database WHERE datname = 'gocourse'") ]]; then
    "$bin/createdb" --host=127.0.0.1 --port="$PG_PORT" --username=postgres gocourse
  fi
}
