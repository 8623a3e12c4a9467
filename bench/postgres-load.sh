#!/usr/bin/env bash
# PostgreSQL load against a plain COPY (issue 16: "the whole load (staging, replace, audit) within
# 10% of a plain COPY of the same file into the same typed table, alternated in one run"),
# documented in docs/benchmarks.md. Usage, from anywhere:
#
#   bench/postgres-load.sh [ROWS]        # default 1000000; ROWS=2000 bench/postgres-load.sh works too
#
# Starts a throw-away PostgreSQL 15 (the machine's: initdb/pg_ctl on PATH or in PG_BIN; as root it
# runs as the `postgres` user) on a free port under lambda-converter/target/bench/pg, or uses
# PG_URL/PG_USER when given. Then, in one JVM (io.datapipeline.converter.bench.PostgresLoadRun),
# ROUNDS rounds after one warm-up round, each: a plain `COPY bench_orders_plain (...) FROM STDIN
# (FORMAT csv, HEADER)` of the orders CSV (a table LIKE the data table: same types, defaults and
# primary key), the converter's whole load of the same file as the Lambda runs it
# (PostgresDestination: parse and type, binary COPY into staging, replace of the object's previous
# rows, upsert, audit row in pipeline_loads, commit) into an emptied data table, a plain COPY again,
# then a reload of the same object as a new version (every row replaced). Prints `uptime` at start
# and end, one line per round (stderr) and, last, exactly one line on stdout:
#
#   RESULT postgres_load rows=<n> ratio=<median load / median plain> reload_ratio=<reload / plain>
#     plain_s=<median> load_s=<median> reload_s=<median> load=<1-min load at start>-<at end>
#
# Settings (environment): ROUNDS (3), PG_BIN (the directory of initdb, pg_ctl), PG_URL and PG_USER
# (use that server instead; it must accept the user without a password), BUILD (auto|1|0), JAVA.
# Numbers need a quiet machine: a 1-min load average well below the core count at start and end.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
MODULE=$ROOT/lambda-converter
ROWS=${1:-${ROWS:-1000000}}
ROUNDS=${ROUNDS:-3}
BUILD=${BUILD:-auto}
JAVA=${JAVA:-java}
PG_BIN=${PG_BIN:-$(dirname "$(command -v pg_ctl || echo /usr/lib/postgresql/15/bin/pg_ctl)")}

JAR=$MODULE/target/lambda-converter.jar
TEST_CLASSES=$MODULE/target/test-classes
WORK=$MODULE/target/bench
SCHEMA=$TEST_CLASSES/bench/converter.schema.json
RUN_CLASS=io.datapipeline.converter.bench.PostgresLoadRun

die() { echo "bench/postgres-load.sh: $*" >&2; exit 1; }
[[ $ROWS =~ ^[0-9]+$ && $ROWS -gt 0 ]] || die "ROWS must be a positive integer, got '$ROWS'"
[[ $ROUNDS =~ ^[0-9]+$ && $ROUNDS -gt 0 ]] || die "ROUNDS must be a positive integer"

if [[ $BUILD == 1 || ( $BUILD == auto && ( ! -f $JAR || ! -f $TEST_CLASSES/${RUN_CLASS//.//}.class ) ) ]]; then
  echo "building the converter (package, tests skipped but compiled)" >&2
  (cd "$ROOT" && ./mvnw -q -B -ntp -pl lambda-converter -am -DskipTests package) >&2
fi
[[ -f $JAR && -f $SCHEMA ]] || die "missing $JAR or $SCHEMA (run with BUILD=1)"

mkdir -p "$WORK"
CSV=$WORK/orders-$ROWS.csv
[[ -f $CSV ]] || "$JAVA" -cp "$TEST_CLASSES" io.datapipeline.converter.bench.BenchOrdersCsv "$CSV" "$ROWS" >/dev/null

PG_DATA=""
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  [[ -z $PG_DATA ]] || as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
  [[ -z $PG_DATA ]] || rm -rf "$PG_DATA"
}
trap cleanup EXIT
if [[ -z ${PG_URL:-} ]]; then
  [[ -x $PG_BIN/initdb && -x $PG_BIN/pg_ctl ]] || die "no initdb/pg_ctl in $PG_BIN (set PG_BIN, or PG_URL)"
  PG_DATA=$WORK/pg
  rm -rf "$PG_DATA"; mkdir -p "$PG_DATA"
  [[ $(id -u) == 0 ]] && chown postgres "$PG_DATA"
  PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U bench -A trust -E UTF8 >"$WORK/pg-initdb.log" 2>&1 \
    || die "initdb failed: $WORK/pg-initdb.log"
  # max_wal_size as the converter benchmark had it (docs/benchmarks.md): no checkpoints mid-COPY.
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w \
    -o "-h 127.0.0.1 -p $PORT -k $PG_DATA -c max_wal_size=4GB" start >/dev/null \
    || die "PostgreSQL did not start: $PG_DATA/server.log"
  PG_URL=jdbc:postgresql://127.0.0.1:$PORT/postgres
  PG_USER=bench
fi
PG_USER=${PG_USER:-postgres}

LOAD_START=$(awk '{ print $1 }' /proc/loadavg)
echo "start: $(uptime)" >&2
echo "input: $CSV ($ROWS rows); PostgreSQL: $("$PG_BIN/postgres" --version 2>/dev/null || echo "$PG_URL"); JVM: $("$JAVA" -version 2>&1 | head -1); $(nproc) cores" >&2
LINE=$("$JAVA" -cp "$JAR:$TEST_CLASSES" "$RUN_CLASS" "$PG_URL" "$PG_USER" "$SCHEMA" "$CSV" "$ROWS" "$ROUNDS") \
  || die "the run failed"
LOAD_END=$(awk '{ print $1 }' /proc/loadavg)
echo "end: $(uptime)" >&2

field() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$LINE"; }
PLAIN=$(field plain_s); LOADS=$(field load_s); RELOAD=$(field reload_s)
echo "RESULT postgres_load rows=$ROWS ratio=$(awk -v a="$LOADS" -v b="$PLAIN" 'BEGIN { printf "%.2f", a / b }')" \
  "reload_ratio=$(awk -v a="$RELOAD" -v b="$PLAIN" 'BEGIN { printf "%.2f", a / b }')" \
  "plain_s=$PLAIN load_s=$LOADS reload_s=$RELOAD load=$LOAD_START-$LOAD_END"
