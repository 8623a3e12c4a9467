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
NAME=bench/postgres-load.sh
source "$ROOT/bench/lib/converter.sh"
ROWS=${1:-${ROWS:-1000000}}
ROUNDS=${ROUNDS:-3}
RUN_CLASS=io.datapipeline.converter.bench.PostgresLoadRun
[[ $ROWS =~ ^[0-9]+$ && $ROWS -gt 0 ]] || die "ROWS must be a positive integer, got '$ROWS'"
[[ $ROUNDS =~ ^[0-9]+$ && $ROUNDS -gt 0 ]] || die "ROUNDS must be a positive integer"
build_converter "$RUN_CLASS"
CSV=$(orders_csv "$ROWS")

source "$ROOT/bench/lib/postgres.sh"
trap stop_postgres EXIT
start_postgres pg

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
