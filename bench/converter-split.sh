#!/usr/bin/env bash
# Large files split into parts (issue 16, "files larger than one invocation can finish"),
# documented in docs/benchmarks.md. Usage, from anywhere:
#
#   bench/converter-split.sh [ROWS] [N...]     # defaults: 26000000 rows (~2 GB), N = 1 2 4 8
#   ROWS=20000 PART_BYTES=200000 bench/converter-split.sh 20000 1 2   # a smoke run
#
# The sandbox's ingredients, in this process tree: a fresh moto_server (S3 and SQS, started here on
# a free port, stopped at exit) and a PostgreSQL of its own (initdb in target/bench, as
# bench/postgres-load.sh; or PG_URL/PG_USER of one you run). For each N, one JVM
# (io.datapipeline.converter.bench.SplitRun) uploads the generated orders CSV, gives its S3 event to
# the function's entry point (the coordinator scans the object for record boundaries, records the
# split in PostgreSQL, sends one message per part to the split queue), then runs N in-process
# "containers" that take the split queue's messages as the event source mapping would, until the
# last part commits the version; it checks every row loaded. No DynamoDB (moto's is the bottleneck
# there; bench/dynamodb-sink.sh measures that sink). Prints `uptime` before and after (stderr), one
# line per N (stderr) and, last, exactly one line on stdout:
#
#   RESULT converter_split rows=<n> bytes=<b> part_bytes=<p> parts=<p> wall_s=<N>:<s>,...
#     coordinator_s=<N>:<s>,... speedup_max=<wall at first N / wall at last N> load=<start>-<end>
#
# Settings (environment): PART_BYTES (134217728, the SPLIT_PART_BYTES default), BUILD (auto|1|0),
# JAVA (java on PATH), PG_BIN, PG_URL, PG_USER. Numbers need a quiet machine (more cores than the
# largest N, ideally): a 1-min load average well below the core count at start and end.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
NAME=bench/converter-split.sh
source "$ROOT/bench/lib/converter.sh"
ROWS=${1:-${ROWS:-26000000}}
shift $(( $# > 0 ? 1 : 0 ))
NS=("$@")
[[ ${#NS[@]} -gt 0 ]] || NS=(1 2 4 8)
PART_BYTES=${PART_BYTES:-134217728}
RUN_CLASS=io.datapipeline.converter.bench.SplitRun
[[ $ROWS =~ ^[0-9]+$ && $ROWS -gt 0 ]] || die "ROWS must be a positive integer, got '$ROWS'"
[[ $PART_BYTES =~ ^[0-9]+$ && $PART_BYTES -gt 0 ]] || die "PART_BYTES must be a positive integer"
for n in "${NS[@]}"; do [[ $n =~ ^[0-9]+$ && $n -gt 0 ]] || die "each N must be a positive integer, got '$n'"; done
build_converter "$RUN_CLASS"
# SplitRun sets the function's environment with test-support's ConverterEnvironment (built by the
# same -am package).
TEST_SUPPORT_CLASSES=$ROOT/test-support/target/classes
[[ -f $TEST_SUPPORT_CLASSES/io/datapipeline/testsupport/ConverterEnvironment.class ]] \
  || die "missing $TEST_SUPPORT_CLASSES (run with BUILD=1)"
CSV=$(orders_csv "$ROWS")
BYTES=$(stat -c %s "$CSV")

source "$ROOT/bench/lib/postgres.sh"
MOTO_PID=""
cleanup() {
  [[ -z $MOTO_PID ]] || kill "$MOTO_PID" 2>/dev/null || true
  stop_postgres
}
trap cleanup EXIT

MOTO_PORT=$(free_port)
moto_server -H 127.0.0.1 -p "$MOTO_PORT" >"$WORK/split-moto.log" 2>&1 &
MOTO_PID=$!
MOTO_URL=http://127.0.0.1:$MOTO_PORT
for _ in $(seq 100); do curl -fs -o /dev/null "$MOTO_URL/moto-api/" && break; sleep 0.1; done
curl -fs -o /dev/null "$MOTO_URL/moto-api/" || die "moto_server did not start: $WORK/split-moto.log"

start_postgres split-pg "-c max_connections=200"

LOAD_START=$(awk '{ print $1 }' /proc/loadavg)
echo "start: $(uptime)" >&2
echo "input: $CSV ($ROWS rows, $BYTES bytes), parts of $PART_BYTES bytes; JVM: $("$JAVA" -version 2>&1 | head -1); $(nproc) cores" >&2
WALL=(); COORD=(); PARTS=""
for n in "${NS[@]}"; do
  LINE=$("$JAVA" -cp "$JAR:$TEST_CLASSES:$TEST_SUPPORT_CLASSES" "$RUN_CLASS" "$MOTO_URL" "$PG_URL" "$PG_USER" "$SCHEMA" "$CSV" "$ROWS" "$PART_BYTES" "$n") \
    || die "the run with N=$n failed"
  echo "$LINE" >&2
  field() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$LINE"; }
  WALL+=("$n:$(field seconds)"); COORD+=("$n:$(field coordinator_s)"); PARTS=$(field parts)
  # moto keeps every object (the 2 GB input, the parts' and the version's outputs): forget this N's.
  curl -fs -o /dev/null -X POST "$MOTO_URL/moto-api/reset" || die "could not reset moto_server"
done
LOAD_END=$(awk '{ print $1 }' /proc/loadavg)
echo "end: $(uptime)" >&2

first=${WALL[0]#*:}; last=${WALL[${#WALL[@]}-1]#*:}
echo "RESULT converter_split rows=$ROWS bytes=$BYTES part_bytes=$PART_BYTES parts=$PARTS" \
  "wall_s=$(IFS=,; echo "${WALL[*]}") coordinator_s=$(IFS=,; echo "${COORD[*]}")" \
  "speedup_max=$(awk -v a="$first" -v b="$last" 'BEGIN { printf "%.2f", a / b }') load=$LOAD_START-$LOAD_END"
