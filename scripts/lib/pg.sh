# shellcheck shell=bash
# A throwaway PostgreSQL 15 cluster for tests.
#
#   gf_pg_start   initdb + start in a fresh temporary folder, register its
#                 clean-up (gf_at_exit), export GRANTFLOW_TEST_PG
#   gf_pg_stop    stop it (pg_ctl stop -m fast) and remove the folder; also
#                 runs by itself on exit, failure, Ctrl-C or kill
#   gf_pg_psql    psql into the cluster's `postgres` database
#
# The cluster listens on a private Unix socket folder and on 127.0.0.1 at a
# free port from 54320 up; authentication is `trust` for user `grantflow`.
# Durability settings keep PostgreSQL's defaults (fsync, synchronous_commit
# and full_page_writes on), so that the tests run against the same
# guarantees as production.

[[ -n ${GF_PG_SH:-} ]] && return 0
GF_PG_SH=1
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

GF_PG_BIN=${GF_PG_BIN:-/usr/lib/postgresql/15/bin}
GF_PG_OS_USER=grantflow-test # initdb refuses to run as root
GF_PG_ROLE=grantflow
GF_PG_PORT_FIRST=${GF_PG_PORT_FIRST:-54320}
GF_PG_PORT_LAST=${GF_PG_PORT_LAST:-54419}
GF_PG_PORTS_AVOID=" 54391 " # another developer's own cluster
GF_PG_DIR=
GF_PG_PORT=
GF_PG_SOCKDIR=

# gf_pg_as CMD...: run CMD as the cluster's owner, from the cluster folder.
gf_pg_as() {
  if gf_is_root; then
    (cd "$GF_PG_DIR" && runuser -u "$GF_PG_OS_USER" -- "$@")
  else
    (cd "$GF_PG_DIR" && "$@")
  fi
}

gf_pg_ensure_os_user() {
  gf_is_root || return 0
  id -u "$GF_PG_OS_USER" >/dev/null 2>&1 && return 0
  useradd --system --user-group --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin "$GF_PG_OS_USER" 2>/dev/null ||
    id -u "$GF_PG_OS_USER" >/dev/null 2>&1 || # lost a race with a parallel run
    gf_die "could not create system user $GF_PG_OS_USER"
}

gf_pg_port_listening() {
  [[ -n $(ss -Hltn "( sport = :$1 )" 2>/dev/null) ]]
}

gf_pg_start() {
  [[ -x $GF_PG_BIN/initdb ]] || gf_die "PostgreSQL 15 not found in $GF_PG_BIN (package postgresql)"
  [[ -z $GF_PG_DIR ]] || gf_die "gf_pg_start: a cluster is already running in $GF_PG_DIR"
  gf_pg_ensure_os_user

  GF_PG_DIR=$(mktemp -d /tmp/grantflow-pg.XXXXXX)
  gf_at_exit gf_pg_stop
  GF_PG_SOCKDIR=$GF_PG_DIR/sock
  mkdir -m 700 "$GF_PG_SOCKDIR"
  if gf_is_root; then
    chown -R "$GF_PG_OS_USER:$GF_PG_OS_USER" "$GF_PG_DIR"
  fi
  chmod 700 "$GF_PG_DIR"
  local log=$GF_PG_DIR/setup.log

  local -a locale=(--locale=C.UTF-8)
  locale -a 2>/dev/null | grep -qix 'c\.utf-\?8' || locale=(--no-locale)
  if ! gf_pg_as "$GF_PG_BIN/initdb" -D "$GF_PG_DIR/data" --auth=trust -U "$GF_PG_ROLE" \
    --encoding=UTF8 "${locale[@]}" >"$log" 2>&1; then
    gf_show_log "$log"
    gf_die "initdb failed"
  fi
  cat >>"$GF_PG_DIR/data/postgresql.conf" <<CONF

# --- grantflow test cluster (scripts/lib/pg.sh) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$GF_PG_SOCKDIR'
max_connections = 200
# fsync, synchronous_commit and full_page_writes stay on (PostgreSQL defaults).
CONF

  # Take the first free port; if another process grabs it between the check
  # and the bind, PostgreSQL fails to start and we try the next one.
  local port
  for ((port = GF_PG_PORT_FIRST; port <= GF_PG_PORT_LAST; port++)); do
    [[ $GF_PG_PORTS_AVOID == *" $port "* ]] && continue
    gf_pg_port_listening "$port" && continue
    if gf_pg_as "$GF_PG_BIN/pg_ctl" -D "$GF_PG_DIR/data" -l "$GF_PG_DIR/postgres.log" \
      -o "-p $port" -w -t 60 start >>"$log" 2>&1; then
      GF_PG_PORT=$port
      break
    fi
    if ! grep -qiE 'could not (bind|create any TCP/IP sockets)|address already in use' \
      "$GF_PG_DIR/postgres.log" 2>/dev/null; then
      gf_show_log "$log"
      [[ -f $GF_PG_DIR/postgres.log ]] && gf_show_log "$GF_PG_DIR/postgres.log"
      gf_die "PostgreSQL did not start"
    fi
    : >"$GF_PG_DIR/postgres.log"
  done
  [[ -n $GF_PG_PORT ]] || gf_die "no free port for PostgreSQL in $GF_PG_PORT_FIRST-$GF_PG_PORT_LAST"

  export GRANTFLOW_TEST_PG="postgresql://host=$GF_PG_SOCKDIR port=$GF_PG_PORT dbname=postgres user=$GF_PG_ROLE"
  # The same cluster over TCP, for tests that run several server processes.
  export GRANTFLOW_TEST_PG_TCP="postgresql://host=127.0.0.1 port=$GF_PG_PORT dbname=postgres user=$GF_PG_ROLE"
}

gf_pg_psql() {
  psql -X -q -v ON_ERROR_STOP=1 -h "$GF_PG_SOCKDIR" -p "$GF_PG_PORT" -U "$GF_PG_ROLE" -d postgres "$@"
}

gf_pg_postmaster_pid() {
  local f=$GF_PG_DIR/data/postmaster.pid
  [[ -f $f ]] && head -n 1 "$f"
}

gf_pg_stop() {
  [[ -n $GF_PG_DIR && -d $GF_PG_DIR ]] || return 0
  local pid
  pid=$(gf_pg_postmaster_pid || true)
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
    if ! gf_pg_as "$GF_PG_BIN/pg_ctl" -D "$GF_PG_DIR/data" -m fast -w -t 30 stop \
      >>"$GF_PG_DIR/setup.log" 2>&1; then
      gf_pg_as "$GF_PG_BIN/pg_ctl" -D "$GF_PG_DIR/data" -m immediate -w -t 10 stop \
        >>"$GF_PG_DIR/setup.log" 2>&1 || kill -KILL "$pid" 2>/dev/null || true
    fi
    local i
    for ((i = 0; i < 100; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && gf_warn "PostgreSQL (pid $pid) is still running"
  fi
  rm -rf "$GF_PG_DIR"
  GF_PG_DIR= GF_PG_PORT= GF_PG_SOCKDIR=
  unset GRANTFLOW_TEST_PG GRANTFLOW_TEST_PG_TCP
}
