#!/usr/bin/env bash
# DynamoDB sink throughput (issue 16, "throughput bounded by the table, not the client"), documented
# in docs/benchmarks.md. Usage, from anywhere:
#
#   bench/dynamodb-sink.sh [ROWS]        # default 100000; ROWS=2000 bench/dynamodb-sink.sh works too
#
# Each round runs, as separate JVMs and alternating which goes first, the generated orders CSV
# through the DynamoDB sink alone (io.datapipeline.converter.bench.DynamoDbSinkRun: parse, type,
# BatchWriteItem with the adaptive concurrency of docs/contracts.md "DynamoDB write concurrency"):
#   moto:    against a fresh moto_server (started here, on a free port, stopped at exit);
#   standin: against ThrottlingTableStandIn, a table serving CAPACITY requests at once with a latency
#            of LATENCY_MS (5-10 ms per BatchWriteItem, DynamoDB's), throttling above that; its bound
#            is CAPACITY x 25 / mean latency items a second.
# Every run checks that each row became exactly one item. Prints `uptime` before and after
# (stderr), one line per run (stderr) and, last, exactly one line on stdout:
#
#   RESULT dynamodb_sink rows=<n> moto_items_per_s=<median> standin_items_per_s=<median>
#     standin_bound_items_per_s=<n> standin_of_bound=<median/bound> standin_limit_final=<median>
#     standin_limit_highest=<max> standin_throttles=<median> moto_limit_highest=<max>
#     capacity=<n> latency_ms=<min-max> max_concurrency=<n> load=<1-min load at start>-<at end>
#
# Settings (environment): ROUNDS (3), MOTO_ROWS (ROWS: moto is slow, a smaller count keeps a round
# short), CAPACITY (16), LATENCY_MS (5-10), MAX_CONCURRENCY (32, the DYNAMODB_MAX_CONCURRENCY
# default), MOTO (1; 0 skips moto), BUILD (auto|1|0), JAVA (java on PATH).
# Numbers need a quiet machine: a 1-min load average well below the core count at start and end.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
MODULE=$ROOT/lambda-converter
ROWS=${1:-${ROWS:-100000}}
MOTO_ROWS=${MOTO_ROWS:-$ROWS}
ROUNDS=${ROUNDS:-3}
CAPACITY=${CAPACITY:-16}
LATENCY_MS=${LATENCY_MS:-5-10}
MAX_CONCURRENCY=${MAX_CONCURRENCY:-32}
MOTO=${MOTO:-1}
BUILD=${BUILD:-auto}
JAVA=${JAVA:-java}

JAR=$MODULE/target/lambda-converter.jar
TEST_CLASSES=$MODULE/target/test-classes
WORK=$MODULE/target/bench
SCHEMA=$TEST_CLASSES/bench/converter.schema.json
RUN_CLASS=io.datapipeline.converter.bench.DynamoDbSinkRun

die() { echo "bench/dynamodb-sink.sh: $*" >&2; exit 1; }
[[ $ROWS =~ ^[0-9]+$ && $ROWS -gt 0 ]] || die "ROWS must be a positive integer, got '$ROWS'"
[[ $MOTO_ROWS =~ ^[0-9]+$ && $MOTO_ROWS -gt 0 ]] || die "MOTO_ROWS must be a positive integer"
[[ $LATENCY_MS =~ ^([0-9]+)-([0-9]+)$ ]] || die "LATENCY_MS must be <min>-<max>, got '$LATENCY_MS'"
LAT_MIN=${BASH_REMATCH[1]}
LAT_MAX=${BASH_REMATCH[2]}

if [[ $BUILD == 1 || ( $BUILD == auto && ( ! -f $JAR || ! -f $TEST_CLASSES/${RUN_CLASS//.//}.class ) ) ]]; then
  echo "building the converter (package, tests skipped but compiled)" >&2
  (cd "$ROOT" && ./mvnw -q -B -ntp -pl lambda-converter -am -DskipTests package) >&2
fi
[[ -f $JAR && -f $SCHEMA ]] || die "missing $JAR or $SCHEMA (run with BUILD=1)"
CP=$JAR:$TEST_CLASSES

mkdir -p "$WORK"
csv_of() { # csv_of ROWS: the generated orders file of that many rows (cached)
  local file=$WORK/orders-$1.csv
  [[ -f $file ]] || "$JAVA" -cp "$TEST_CLASSES" io.datapipeline.converter.bench.BenchOrdersCsv "$file" "$1" >/dev/null
  echo "$file"
}
CSV=$(csv_of "$ROWS")
MOTO_CSV=$(csv_of "$MOTO_ROWS")

MOTO_PID=""
cleanup() { [[ -z $MOTO_PID ]] || kill "$MOTO_PID" 2>/dev/null || true; }
trap cleanup EXIT
start_moto() { # a fresh moto_server per run: an empty table, no state from the last round
  cleanup
  local port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  moto_server -H 127.0.0.1 -p "$port" >"$WORK/moto.log" 2>&1 &
  MOTO_PID=$!
  MOTO_URL=http://127.0.0.1:$port
  for _ in $(seq 100); do
    curl -fs -o /dev/null "$MOTO_URL/moto-api/" && return 0
    sleep 0.1
  done
  die "moto_server did not start: $WORK/moto.log"
}

field() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
max() { sort -g | tail -1; }

run_moto() {
  start_moto
  LINE=$("$JAVA" -cp "$CP" "$RUN_CLASS" "$SCHEMA" "$MOTO_CSV" "$MOTO_ROWS" "$MAX_CONCURRENCY" moto "$MOTO_URL") \
    || die "moto run failed"
  cleanup; MOTO_PID=""
}
run_standin() {
  LINE=$("$JAVA" -cp "$CP" "$RUN_CLASS" "$SCHEMA" "$CSV" "$ROWS" "$MAX_CONCURRENCY" standin "$CAPACITY" "$LAT_MIN" "$LAT_MAX") \
    || die "stand-in run failed"
}

LOAD_START=$(awk '{ print $1 }' /proc/loadavg)
echo "start: $(uptime)" >&2
echo "input: $CSV ($ROWS rows; moto: $MOTO_ROWS rows); JVM: $("$JAVA" -version 2>&1 | head -1); $(nproc) cores" >&2
echo "stand-in: capacity $CAPACITY requests at once, latency ${LAT_MIN}-${LAT_MAX} ms; ceiling $MAX_CONCURRENCY" >&2

declare -a M_RATE M_HIGH S_RATE S_FINAL S_HIGH S_THROT
for ((round = 1; round <= ROUNDS; round++)); do
  sides="standin"
  [[ $MOTO == 1 ]] && { ((round % 2)) && sides="moto standin" || sides="standin moto"; }
  for side in $sides; do
    if [[ $side == moto ]]; then
      run_moto
      M_RATE+=("$(field items_per_s "$LINE")"); M_HIGH+=("$(field limit_highest "$LINE")")
    else
      run_standin
      S_RATE+=("$(field items_per_s "$LINE")"); S_FINAL+=("$(field limit_final "$LINE")")
      S_HIGH+=("$(field limit_highest "$LINE")"); S_THROT+=("$(field throttles "$LINE")")
    fi
    echo "round $round $side: $LINE" >&2
  done
done
LOAD_END=$(awk '{ print $1 }' /proc/loadavg)
echo "end: $(uptime)" >&2

BOUND=$(awk -v c="$CAPACITY" -v a="$LAT_MIN" -v b="$LAT_MAX" 'BEGIN { printf "%.0f", c * 25 / ((a + b) / 2 / 1000) }')
S_MED=$(printf '%s\n' "${S_RATE[@]}" | median)
if [[ $MOTO == 1 ]]; then
  M_MED=$(printf '%s\n' "${M_RATE[@]}" | median); M_MAX=$(printf '%s\n' "${M_HIGH[@]}" | max)
else
  M_MED=skipped; M_MAX=skipped
fi
echo "RESULT dynamodb_sink rows=$ROWS moto_rows=$MOTO_ROWS moto_items_per_s=$M_MED standin_items_per_s=$S_MED" \
  "standin_bound_items_per_s=$BOUND standin_of_bound=$(awk -v a="$S_MED" -v b="$BOUND" 'BEGIN { printf "%.2f", a / b }')" \
  "standin_limit_final=$(printf '%s\n' "${S_FINAL[@]}" | median) standin_limit_highest=$(printf '%s\n' "${S_HIGH[@]}" | max)" \
  "standin_throttles=$(printf '%s\n' "${S_THROT[@]}" | median) moto_limit_highest=$M_MAX" \
  "capacity=$CAPACITY latency_ms=$LATENCY_MS max_concurrency=$MAX_CONCURRENCY load=$LOAD_START-$LOAD_END"
