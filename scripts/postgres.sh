#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, with Debian's binaries.
#   scripts/postgres.sh start DIR   create a cluster in DIR (absent or empty), listening only on
#                                   127.0.0.1 on a free port, start it, and print its URL:
#                                   postgresql+psycopg://gm@127.0.0.1:PORT/ (no database name)
#   scripts/postgres.sh stop DIR    stop that cluster and remove DIR
# PostgreSQL refuses to run as root, so as root the cluster belongs to the system user
# gm-postgres (created when missing); otherwise it runs as you.
set -euo pipefail

PG_USER=gm-postgres

die() {
  echo "postgres.sh: $*" >&2
  exit 1
}

if [ $# -ne 2 ] || { [ "$1" != start ] && [ "$1" != stop ]; }; then
  echo "usage: $0 start|stop DIR" >&2
  exit 2
fi
action=$1
dir=$2
if [ -z "$dir" ] || [ "$dir" = / ]; then
  die "refusing DIR '$dir'"
fi
MARK=.gm-postgres-cluster # written by start; stop removes only a DIR that has it

# The newest Debian PostgreSQL's bin/ folder, or nothing.
pg_bin() {
  local initdb
  initdb=$(printf '%s\n' /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)
  if [ -x "$initdb" ] && [ -x "${initdb%/initdb}/pg_ctl" ]; then
    echo "${initdb%/initdb}"
  fi
}

# Run a command as the cluster's owner, from DIR (its owner may not enter the current folder).
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    (cd "$dir" && runuser -u "$PG_USER" -- "$@")
  else
    (cd "$dir" && "$@")
  fi
}

bin=$(pg_bin)

if [ "$action" = stop ]; then
  [ -e "$dir" ] || exit 0
  dir=$(cd "$dir" && pwd)
  [ -f "$dir/$MARK" ] || [ -z "$(ls -A "$dir")" ] || die "$dir is not a cluster made by start"
  if [ -f "$dir/data/postmaster.pid" ]; then
    [ -n "$bin" ] || die "no pg_ctl in /usr/lib/postgresql/*/bin to stop $dir/data"
    as_owner "$bin/pg_ctl" stop -D "$dir/data" -m fast -s
  fi
  rm -rf "$dir"
  exit 0
fi

[ -n "$bin" ] || die "no PostgreSQL binaries (/usr/lib/postgresql/*/bin/initdb, pg_ctl):" \
  "install Debian's postgresql"
command -v python3 >/dev/null || die "needs python3 to pick a free port"

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
[ -z "$(ls -A "$dir")" ] || die "$dir is not empty"
touch "$dir/$MARK"
if [ "$(id -u)" = 0 ]; then
  if ! id -u "$PG_USER" >/dev/null 2>&1; then
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin "$PG_USER"
  fi
  chown -R "$PG_USER:" "$dir"
  runuser -u "$PG_USER" -- test -w "$dir" ||
    die "$PG_USER cannot write to $dir (is a folder above it closed to other users?)"
fi

# Show a step's log when it fails.
logged() {
  local log=$1
  shift
  as_owner "$@" >"$log" 2>&1 || {
    cat "$log" >&2
    die "failed: $*"
  }
}

logged "$dir/initdb.log" "$bin/initdb" -D "$dir/data" --auth=trust -U gm \
  --encoding=UTF8 --locale=C --no-sync
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')
cat >>"$dir/data/postgresql.conf" <<EOF

# scripts/postgres.sh: a throwaway server for the tests
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
if ! as_owner "$bin/pg_ctl" start -D "$dir/data" -l "$dir/server.log" -w -t 60 >/dev/null; then
  cat "$dir/server.log" >&2 2>/dev/null || true
  die "the server in $dir/data did not start"
fi
echo "postgresql+psycopg://gm@127.0.0.1:$port/"
