#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for tests (loopback only, fsync off).
#
#   scripts/pg-test-cluster.sh start [dir]   # prints DATABASE_URL=postgres://… on stdout
#   scripts/pg-test-cluster.sh env   [dir]   # prints it again (cluster must be running)
#   scripts/pg-test-cluster.sh stop  [dir]   # stops the server and deletes dir
#
# dir defaults to ${TMPDIR:-/tmp}/hale-pg-test. Everything except the DATABASE_URL line goes to
# stderr, so `eval "export $(scripts/pg-test-cluster.sh start /tmp/hale-pg)"` works.
# Postgres refuses to run as root: as root, the cluster runs as `postgres` (or a `haletest`
# system user created on first use). Missing binaries are installed from Debian (apt-get).
set -euo pipefail

CMD=${1:-}
DIR=${2:-${TMPDIR:-/tmp}/hale-pg-test}
DB_NAME=hale_test
APP_ROLE=hale_app
MARKER=.hale-pg-test-cluster

log() { echo "pg-test-cluster: $*" >&2; }
die() { log "$*"; exit 1; }

case "$CMD" in start | stop | env) ;; *) die "usage: $0 start|stop|env [dir]" ;; esac
DIR=$(mkdir -p "$(dirname "$DIR")" && cd "$(dirname "$DIR")" && pwd)/$(basename "$DIR")
DATA=$DIR/data
SOCK=$DIR/sock
ENV_FILE=$DIR/env

pg_bindir() {
  local bin
  if bin=$(command -v pg_ctl 2>/dev/null) && command -v initdb >/dev/null 2>&1; then
    dirname "$(readlink -f "$bin")"
    return 0
  fi
  # Debian keeps the server binaries out of PATH; take the newest major version.
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$bin" ] && [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] && echo "$bin"
}

install_postgres() {
  [ "$(id -u)" -eq 0 ] || die "initdb/pg_ctl not found and not root: install PostgreSQL (Debian: apt-get install postgresql)"
  log "initdb/pg_ctl not found in PATH or /usr/lib/postgresql/*/bin: installing Debian's postgresql (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >&2
  # No system-wide 'main' cluster: this script manages its own throwaway cluster.
  apt-get install -y postgresql-common >&2
  if [ -f /etc/postgresql-common/createcluster.conf ]; then
    sed -i 's/^#\?\s*create_main_cluster.*/create_main_cluster = false/' /etc/postgresql-common/createcluster.conf
  fi
  apt-get install -y postgresql >&2
}

# The unprivileged user that owns and runs the cluster (empty when we are not root).
RUN_USER=""
pick_user() {
  [ "$(id -u)" -eq 0 ] || return 0
  if id postgres >/dev/null 2>&1; then
    RUN_USER=postgres
  else
    id haletest >/dev/null 2>&1 || {
      log "creating system user haletest (Postgres refuses to run as root)"
      useradd --system --no-create-home --shell /usr/sbin/nologin haletest
    }
    RUN_USER=haletest
  fi
}

as_user() {
  if [ -z "$RUN_USER" ]; then "$@"; elif command -v runuser >/dev/null 2>&1; then
    runuser -u "$RUN_USER" -- "$@"
  else
    su -s /bin/sh "$RUN_USER" -c "$(printf '%q ' "$@")"
  fi
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})" 2>/dev/null ||
    python3 -c "import socket;s=socket.socket();s.bind(('127.0.0.1',0));print(s.getsockname()[1]);s.close()"
}

running() { [ -f "$DATA/postmaster.pid" ] && as_user "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

print_env() {
  [ -f "$ENV_FILE" ] || die "no cluster in $DIR (run: $0 start $DIR)"
  cat "$ENV_FILE"
}

stop_cluster() {
  [ -d "$DIR" ] || { log "nothing to stop in $DIR"; return 0; }
  [ -f "$DIR/$MARKER" ] || die "$DIR was not created by this script; not deleting it"
  if [ -f "$DATA/postmaster.pid" ] && [ -x "$BIN/pg_ctl" ]; then
    as_user "$BIN/pg_ctl" -D "$DATA" -m immediate -w stop >&2 || log "pg_ctl stop failed (server already gone?)"
  fi
  rm -rf "$DIR"
  log "stopped and removed $DIR"
}

start_cluster() {
  if running; then
    log "already running in $DIR"
    print_env
    return 0
  fi
  if [ -e "$DIR" ]; then
    [ -f "$DIR/$MARKER" ] || [ -z "$(ls -A "$DIR")" ] || die "$DIR exists and is not a test cluster"
    rm -rf "$DIR" # a cluster that died: start afresh
  fi
  mkdir -p "$DIR" "$SOCK"
  touch "$DIR/$MARKER"
  [ -z "$RUN_USER" ] || chown -R "$RUN_USER" "$DIR"
  as_user test -w "$DIR" || die "$RUN_USER cannot write $DIR (a parent directory is not traversable?); use a dir under /tmp"

  local t0 password port attempt
  t0=$(date +%s%N)
  as_user "$BIN/initdb" -D "$DATA" -U postgres -E UTF8 --locale=C --no-sync \
    --auth-local=trust --auth-host=scram-sha-256 >"$DIR/initdb.log" 2>&1 || {
    cat "$DIR/initdb.log" >&2
    die "initdb failed"
  }
  for attempt in 1 2 3; do
    port=$(free_port)
    if as_user "$BIN/pg_ctl" -D "$DATA" -l "$DIR/postgres.log" -w -t 30 \
      -o "-F -p $port -k $SOCK -c listen_addresses=127.0.0.1 -c synchronous_commit=off -c full_page_writes=off" \
      start >&2; then
      break
    fi
    [ "$attempt" -lt 3 ] || { tail -n 20 "$DIR/postgres.log" >&2; die "postgres did not start"; }
    log "start on port $port failed; retrying with another port"
  done
  password=$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')
  as_user "$PSQL" -X -q -h "$SOCK" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE $APP_ROLE LOGIN PASSWORD '$password'" \
    -c "CREATE DATABASE $DB_NAME OWNER $APP_ROLE" \
    -c "ALTER ROLE postgres PASSWORD '$password'" >&2
  {
    echo "DATABASE_URL=postgres://$APP_ROLE:$password@127.0.0.1:$port/$DB_NAME"
    # A superuser, for tests that play an attacker bypassing the ledger's triggers.
    echo "ADMIN_DATABASE_URL=postgres://postgres:$password@127.0.0.1:$port/$DB_NAME"
  } >"$ENV_FILE"
  chmod 600 "$ENV_FILE"
  log "started in $DIR on 127.0.0.1:$port in $((($(date +%s%N) - t0) / 1000000)) ms"
  print_env
}

BIN=$(pg_bindir || true)
if [ -z "$BIN" ]; then
  case "$CMD" in
    start)
      install_postgres
      BIN=$(pg_bindir) || die "PostgreSQL still not found after installing"
      ;;
    env) ;;
    stop) BIN=/nonexistent ;; # without binaries no server can be running: just remove the dir
  esac
fi
PSQL=$BIN/psql
[ -x "$PSQL" ] || PSQL=$(command -v psql || echo psql)
pick_user

case "$CMD" in
  start) start_cluster ;;
  env) print_env ;;
  stop) stop_cluster ;;
esac
