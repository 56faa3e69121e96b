#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL server:
#
#   bash scripts/with-postgres.sh npx vitest run db
#
# Starts PostgreSQL (Debian package, /usr/lib/postgresql/<v>/bin) in a temp
# folder on a spare port (from 55432), as the `postgres` user when run as root,
# creates the database passerelle_test, exports
# TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:<port>/passerelle_test,
# runs the command, then stops the server and removes the folder, whatever
# happens. Exits with the command's status.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 <command> [args...]" >&2
  exit 2
fi

# Binaries: $PG_BIN, else the newest /usr/lib/postgresql/<v>/bin (15 on Debian 12).
if [ -z "${PG_BIN:-}" ]; then
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
    if [ -x "$dir/postgres" ]; then PG_BIN=$dir; break; fi
  done
fi
if [ -z "${PG_BIN:-}" ] || [ ! -x "$PG_BIN/postgres" ]; then
  echo "with-postgres: PostgreSQL not found (apt-get install -y postgresql)" >&2
  exit 1
fi

# initdb and postgres refuse to run as root.
if [ "$(id -u)" -eq 0 ]; then
  as_pg() {
    if command -v runuser >/dev/null; then runuser -u postgres -- "$@"; else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi
  }
else
  as_pg() { "$@"; }
fi

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=${PG_PORT:-55432}
while port_in_use "$PORT"; do
  PORT=$((PORT + 1))
  if [ "$PORT" -gt 55532 ]; then echo "with-postgres: no free port" >&2; exit 1; fi
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/passerelle-pg.XXXXXX")
chmod 755 "$TMP"
[ "$(id -u)" -eq 0 ] && chown postgres: "$TMP"
PGDATA="$TMP/data"

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ -f "$PGDATA/postmaster.pid" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$TMP"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

as_pg "$PG_BIN/initdb" -D "$PGDATA" -U postgres --auth=trust --encoding=UTF8 --locale=C --no-sync >"$TMP/initdb.log" 2>&1 || {
  cat "$TMP/initdb.log" >&2
  exit 1
}

# A test server: durability off (unless PG_DURABLE=1, as the benchmarks want),
# our own socket folder, TCP on loopback only.
durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
[ "${PG_DURABLE:-0}" = 1 ] && durability=""
if ! as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$TMP/server.log" -w -t 30 \
  -o "-p $PORT -k $TMP -c listen_addresses=127.0.0.1 $durability -c max_connections=200" \
  start >/dev/null; then
  cat "$TMP/server.log" >&2
  exit 1
fi

"$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres passerelle_test

export TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PORT/passerelle_test"
echo "with-postgres: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on port $PORT, TEST_POSTGRES_URL=$TEST_POSTGRES_URL" >&2

set +e
"$@"
status=$?
set -e
exit "$status"
