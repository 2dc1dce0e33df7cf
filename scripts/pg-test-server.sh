#!/usr/bin/env bash
# A throwaway PostgreSQL for the cloud tests: `start` creates a cluster in a temporary data
# directory as the postgres user, listening on loopback only, and prints the URL to export as
# OPENTT_TEST_PG_URL; `stop` stops it and deletes the directory. Needs Debian's postgresql.
set -euo pipefail
PORT="${OPENTT_PG_PORT:-55432}"
STATE="${OPENTT_PG_STATE:-/tmp/opentt-pg-test.dir}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -n "$BIN" ] || { echo "postgresql is not installed (apt-get install -y postgresql)" >&2; exit 1; }
as_pg() { if [ "$(id -un)" = postgres ]; then bash -c "$1"; else su postgres -s /bin/bash -c "$1"; fi; }

case "${1:-}" in
start)
  if [ -f "$STATE" ] && [ -d "$(cat "$STATE")" ]; then
    echo "postgres://postgres@127.0.0.1:${PORT}/postgres"
    exit 0
  fi
  DIR="$(mktemp -d /tmp/opentt-pg.XXXXXX)"
  chown postgres "$DIR"
  as_pg "$BIN/initdb -D '$DIR/data' -U postgres --auth=trust -E UTF8 >'$DIR/initdb.log' 2>&1"
  # Loopback only, socket in the data folder, no fsync: the data is thrown away anyway.
  as_pg "$BIN/pg_ctl -D '$DIR/data' -w -l '$DIR/log' -o \"-k '$DIR' -c listen_addresses=127.0.0.1 -p $PORT -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start >/dev/null"
  echo "$DIR" >"$STATE"
  echo "postgres://postgres@127.0.0.1:${PORT}/postgres"
  ;;
stop)
  [ -f "$STATE" ] || exit 0
  DIR="$(cat "$STATE")"
  as_pg "$BIN/pg_ctl -D '$DIR/data' -m fast -w stop >/dev/null" || true
  rm -rf "$DIR" "$STATE"
  ;;
*)
  echo "usage: $0 start|stop" >&2
  exit 2
  ;;
esac
