# A throw-away PostgreSQL for the converter benchmarks (sourced by bench/postgres-load.sh and
# bench/converter-split.sh): `start_postgres NAME [EXTRA_SERVER_OPTIONS]` initdb's one under
# $WORK/NAME (or uses PG_URL/PG_USER when set), listening on a free loopback port, and sets PG_URL
# and PG_USER; `stop_postgres` (call it from the script's EXIT trap) stops and removes it. Needs
# $WORK, $PG_BIN and a die function. As root, the server runs as the postgres user.
PG_DATA=""
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
stop_postgres() {
  [[ -z $PG_DATA ]] || as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
  [[ -z $PG_DATA ]] || rm -rf "$PG_DATA"
}
start_postgres() {
  if [[ -n ${PG_URL:-} ]]; then
    PG_USER=${PG_USER:-postgres}
    return
  fi
  [[ -x $PG_BIN/initdb && -x $PG_BIN/pg_ctl ]] || die "no initdb/pg_ctl in $PG_BIN (set PG_BIN, or PG_URL)"
  PG_DATA=$WORK/$1
  rm -rf "$PG_DATA"; mkdir -p "$PG_DATA"
  [[ $(id -u) == 0 ]] && chown postgres "$PG_DATA"
  local port
  port=$(free_port)
  as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U bench -A trust -E UTF8 >"$WORK/$1-initdb.log" 2>&1 \
    || die "initdb failed: $WORK/$1-initdb.log"
  # max_wal_size as the converter benchmark had it (docs/benchmarks.md): no checkpoints mid-COPY.
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w \
    -o "-h 127.0.0.1 -p $port -k $PG_DATA -c max_wal_size=4GB ${2:-}" start >/dev/null \
    || die "PostgreSQL did not start: $PG_DATA/server.log"
  PG_URL=jdbc:postgresql://127.0.0.1:$port/postgres
  PG_USER=bench
}
