#!/usr/bin/env bash
# What the function image's AppCDS archive saves (issue 16, JVM start), documented in
# docs/benchmarks.md "AppCDS in the function image". No Docker engine is needed: this runs the
# image's own start script, lambda-converter/image/converter-jvm.sh, with the local JDK, so the
# archive is trained, dumped and checked exactly as the Dockerfile's RUN step does it (same
# training file, same JAVA_TOOL_OPTIONS, same class path rule; the runtime interface client's jars
# are simply absent here). Usage, from anywhere:
#
#   bench/converter-cds.sh [ROWS]       # default 100000 rows; ROWS=2000 ROUNDS=1 for a smoke run
#
# Each round runs the converter's CLI (convert: CSV -> Parquet + JSON Lines + rejects) twice as new
# JVMs, alternating which goes first: `cds` (converter-jvm.sh cli, the archive mapped) and `no-cds`
# (the same start with CDS=0: only the JDK's default archive of its own classes), measuring wall
# time, CPU time and the time to the first parsed rows (convert --timings). Then one run of each
# with -Xlog:class+load counts the classes loaded and how many came from an archive (counts do not
# depend on the machine's load). Prints `uptime` at start and end (stderr) and, last, on stdout:
#
#   RESULT converter_cds rows=<n> cds_s=<median> no_cds_s=<median> saved_s=<difference>
#     cds_cpu_s=<median> no_cds_cpu_s=<median> cds_first_row_s=<median> no_cds_first_row_s=<median>
#     classes=<loaded> cds_shared=<from the archive> no_cds_shared=<from the JDK's archive>
#     archive_mb=<size> load=<1-min load at start>-<at end>
#
# Settings (environment): ROUNDS (5), JAVA_TOOL_OPTIONS (the Dockerfile's ENV), BUILD (auto|1|0),
# JAVA (java on PATH). Numbers need a quiet machine: a 1-min load average well below the cores.
set -euo pipefail

ROWS=${1:-${ROWS:-100000}}
: "${ROUNDS:=5}" "${BUILD:=auto}" "${JAVA:=java}"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MODULE=$ROOT/lambda-converter
# The function image's flags (lambda-converter/Dockerfile, ENV JAVA_TOOL_OPTIONS).
JAVA_TOOL_OPTIONS=${JAVA_TOOL_OPTIONS-$(sed -n 's/^ENV JAVA_TOOL_OPTIONS="\(.*\)"$/\1/p' "$MODULE/Dockerfile")}
export JAVA_TOOL_OPTIONS

JAR=$MODULE/target/lambda-converter.jar
TEST_CLASSES=$MODULE/target/test-classes
WORK=$MODULE/target/bench
START=$MODULE/image/converter-jvm.sh

die() { echo "bench/converter-cds.sh: $*" >&2; exit 1; }
[[ $ROWS =~ ^[0-9]+$ && $ROWS -gt 0 ]] || die "ROWS must be a positive integer, got '$ROWS'"
[[ -x /usr/bin/time ]] || die "needs GNU time at /usr/bin/time (apt-get install time)"
[[ -n $JAVA_TOOL_OPTIONS ]] || die "no ENV JAVA_TOOL_OPTIONS in $MODULE/Dockerfile"

if [[ $BUILD == 1 || ( $BUILD == auto && ( ! -f $JAR || ! -d $TEST_CLASSES ) ) ]]; then
  echo "building the converter (package, tests skipped but compiled)" >&2
  (cd "$ROOT" && ./mvnw -q -B -ntp -pl lambda-converter -am -DskipTests package) >&2
fi
[[ -f $JAR ]] || die "missing $JAR (run with BUILD=1)"

# The image's layout, locally: the jar alone in a lib directory (its copy keeps the jar's time, which
# the archive records), the archive beside it. No runtime interface client jars here.
mkdir -p "$WORK/cds-image/lib"
cp -p "$JAR" "$WORK/cds-image/lib/lambda-converter.jar"
export JAVA RUNTIME_LIB=$WORK/cds-image/no-runtime-lib TASK_LIB=$WORK/cds-image/lib
export CDS_DIR=$WORK/cds-image/cds
echo "training the archive as the image build does (converter-jvm.sh train, check)" >&2
"$START" train >&2 2>"$WORK/cds-train.log" || { cat "$WORK/cds-train.log" >&2; die "train failed"; }
"$START" check >&2 2>>"$WORK/cds-train.log" || { cat "$WORK/cds-train.log" >&2; die "check failed"; }

CSV=$WORK/orders-$ROWS.csv
if [[ ! -f $CSV ]]; then
  echo "generating $CSV" >&2
  "$JAVA" -cp "$TEST_CLASSES" io.datapipeline.converter.bench.BenchOrdersCsv "$CSV" "$ROWS" >/dev/null
fi
SCHEMA=$MODULE/image/cds-training.schema.json

now_ms() { date +%s%3N; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# convert LABEL CDS EXTRA_JAVA_TOOL_OPTIONS: one CLI run through the image's start; sets WALL, CPU,
# FIRST (seconds).
convert() {
  local label=$1 cds=$2 extra=$3 t0 t1 first
  rm -f "$WORK/cds.parquet" "$WORK/cds.jsonl" "$WORK/cds.rejects.csv"
  t0=$(now_ms)
  CDS=$cds JAVA_TOOL_OPTIONS="$JAVA_TOOL_OPTIONS $extra" /usr/bin/time -v -o "$WORK/$label.time" \
    "$START" cli convert --timings --schema "$SCHEMA" --input "$CSV" --parquet "$WORK/cds.parquet" \
    --json "$WORK/cds.jsonl" --rejects "$WORK/cds.rejects.csv" >"$WORK/$label.out" 2>"$WORK/$label.err" \
    || { cat "$WORK/$label.err" >&2; die "$label failed"; }
  t1=$(now_ms)
  grep -qx "rows=$ROWS rejected=0" "$WORK/$label.out" || die "$label: $(cat "$WORK/$label.out")"
  WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1000 }')
  CPU=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.2f", u + s }' "$WORK/$label.time")
  first=$(sed -n 's/^first_row_epoch_ms=//p' "$WORK/$label.err")
  FIRST=$(awk -v a="$t0" -v b="$first" 'BEGIN { printf "%.3f", (b - a) / 1000 }')
}

LOAD_START=$(awk '{ print $1 }' /proc/loadavg)
echo "start: $(uptime)" >&2
echo "input: $CSV ($ROWS rows); JVM: $(env -u JAVA_TOOL_OPTIONS "$JAVA" -version 2>&1 | head -1); $(nproc) cores; flags: $JAVA_TOOL_OPTIONS" >&2

declare -a C_WALL C_CPU C_FIRST N_WALL N_CPU N_FIRST
for ((round = 1; round <= ROUNDS; round++)); do
  for side in $( ((round % 2)) && echo "cds no-cds" || echo "no-cds cds"); do
    if [[ $side == cds ]]; then
      convert cds 1 ""
      C_WALL+=("$WALL"); C_CPU+=("$CPU"); C_FIRST+=("$FIRST")
    else
      convert no-cds 0 ""
      N_WALL+=("$WALL"); N_CPU+=("$CPU"); N_FIRST+=("$FIRST")
    fi
    echo "round $round $side: wall ${WALL}s cpu ${CPU}s first row ${FIRST}s" >&2
  done
done

# Class counts: every class loaded, and those mapped from an archive (ours, or the JDK's default).
convert cds-classes 1 "-Xlog:class+load=info:file=$WORK/cds-classes.log"
convert no-cds-classes 0 "-Xlog:class+load=info:file=$WORK/no-cds-classes.log"
CLASSES=$(grep -c 'source:' "$WORK/cds-classes.log")
CDS_SHARED=$(grep -c 'source: shared objects file' "$WORK/cds-classes.log")
NO_CDS_SHARED=$(grep -c 'source: shared objects file' "$WORK/no-cds-classes.log")

LOAD_END=$(awk '{ print $1 }' /proc/loadavg)
echo "end: $(uptime)" >&2
rm -f "$WORK/cds.parquet" "$WORK/cds.jsonl" "$WORK/cds.rejects.csv"

C_S=$(printf '%s\n' "${C_WALL[@]}" | median)
N_S=$(printf '%s\n' "${N_WALL[@]}" | median)
echo "RESULT converter_cds rows=$ROWS cds_s=$C_S no_cds_s=$N_S" \
  "saved_s=$(awk -v a="$N_S" -v b="$C_S" 'BEGIN { printf "%.3f", a - b }')" \
  "cds_cpu_s=$(printf '%s\n' "${C_CPU[@]}" | median) no_cds_cpu_s=$(printf '%s\n' "${N_CPU[@]}" | median)" \
  "cds_first_row_s=$(printf '%s\n' "${C_FIRST[@]}" | median) no_cds_first_row_s=$(printf '%s\n' "${N_FIRST[@]}" | median)" \
  "classes=$CLASSES cds_shared=$CDS_SHARED no_cds_shared=$NO_CDS_SHARED" \
  "archive_mb=$(($(stat -c %s "$CDS_DIR/converter.jsa") / 1048576)) load=$LOAD_START-$LOAD_END"
