#!/usr/bin/env bash
# Whole-process, cold-JVM benchmark of the converter against DuckDB (issue 16), documented in
# docs/benchmarks.md. Usage, from anywhere:
#
#   bench/converter.sh [ROWS]          # default 1000000; ROWS=20000 bench/converter.sh works too
#
# Each round runs, as separate processes and alternating which goes first:
#   ours:   java $OURS_JAVA_OPTS -jar lambda-converter/target/lambda-converter.jar convert
#           (CSV -> Parquet SNAPPY + JSON Lines, the CLI's full use case)
#   duckdb: java -cp test-classes:duckdb_jdbc.jar ...bench.DuckDbCopy
#           (SET threads = $DUCKDB_THREADS; COPY (SELECT * FROM read_csv(..., columns = ...))
#            TO ... (FORMAT parquet, COMPRESSION snappy))
# measuring wall time, CPU time (user + system) and peak RSS with /usr/bin/time -v, and for ours the
# time from launch to the first batch of typed rows (convert --timings). Prints `uptime` before and
# after (stderr) and, last, exactly one line on stdout:
#
#   RESULT converter_vs_duckdb rows=<n> ratio=<median ours/median duckdb> ours_s=<median>
#     duckdb_s=<median> ours_cpu_s=<median> duckdb_cpu_s=<median> ours_rss_mb=<max>
#     duckdb_rss_mb=<max> first_row_s=<median> load=<1-min load at start>-<at end>
#
# Settings (environment): ROUNDS (3), DUCKDB_THREADS (2), OURS_JAVA_OPTS (the function image's
# flags, see lambda-converter/Dockerfile), CDS (1: build an AppCDS archive of the converter with a
# training run and use it; 0: none), VARIANTS (1: also run ours with other JVM flag sets each round
# and print a VARIANT line per set: Lambda's Java 17 default C1-only, G1, no CDS, one core (no
# Parquet encoder thread, as in a Lambda under 1,769 MB)), BUILD (auto: build when the jar or test
# classes are missing; 1: always; 0: never), JAVA (java on PATH), KEEP (1: keep the outputs).
# Numbers need a quiet machine: a 1-min load average well below the core count at start and end.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
MODULE=$ROOT/lambda-converter
ROWS=${1:-${ROWS:-1000000}}
ROUNDS=${ROUNDS:-3}
DUCKDB_THREADS=${DUCKDB_THREADS:-2}
# Keep in step with JAVA_TOOL_OPTIONS in lambda-converter/Dockerfile (why: docs/benchmarks.md).
OURS_JAVA_OPTS=${OURS_JAVA_OPTS--XX:+UseSerialGC -XX:TieredStopAtLevel=4 -XX:-UsePerfData}
DUCKDB_JAVA_OPTS=${DUCKDB_JAVA_OPTS-}
CDS=${CDS:-1}
VARIANTS=${VARIANTS:-0}
BUILD=${BUILD:-auto}
JAVA=${JAVA:-java}
KEEP=${KEEP:-0}

JAR=$MODULE/target/lambda-converter.jar
TEST_CLASSES=$MODULE/target/test-classes
WORK=$MODULE/target/bench
SCHEMA=$TEST_CLASSES/bench/converter.schema.json
DUCKDB_COLUMNS="{'order_id': 'BIGINT', 'customer': 'VARCHAR', 'status': 'VARCHAR', 'amount': 'DECIMAL(12,2)', 'quantity': 'BIGINT', 'price': 'DOUBLE', 'paid': 'BOOLEAN', 'ordered_at': 'TIMESTAMPTZ'}"
TIMESTAMP_FORMAT='%Y-%m-%d %H:%M:%S'

die() { echo "bench/converter.sh: $*" >&2; exit 1; }
[[ $ROWS =~ ^[0-9]+$ && $ROWS -gt 0 ]] || die "ROWS must be a positive integer, got '$ROWS'"
[[ -x /usr/bin/time ]] || die "needs GNU time at /usr/bin/time (apt-get install time)"

if [[ $BUILD == 1 || ( $BUILD == auto && ( ! -f $JAR || ! -f $SCHEMA ) ) ]]; then
  echo "building the converter (package, tests skipped but compiled)" >&2
  (cd "$ROOT" && ./mvnw -q -B -ntp -pl lambda-converter -am -DskipTests package) >&2
fi
[[ -f $JAR && -f $SCHEMA ]] || die "missing $JAR or $SCHEMA (run with BUILD=1)"

DUCKDB_VERSION=$(sed -n 's:.*<duckdb.version>\(.*\)</duckdb.version>.*:\1:p' "$ROOT/pom.xml")
DUCKDB_JAR=${M2_REPO:-$HOME/.m2/repository}/org/duckdb/duckdb_jdbc/$DUCKDB_VERSION/duckdb_jdbc-$DUCKDB_VERSION.jar
[[ -f $DUCKDB_JAR ]] || die "missing $DUCKDB_JAR (build the module once to resolve it)"

mkdir -p "$WORK"
CSV=$WORK/orders-$ROWS.csv
if [[ ! -f $CSV ]]; then
  echo "generating $CSV" >&2
  "$JAVA" -cp "$TEST_CLASSES" io.datapipeline.converter.bench.BenchOrdersCsv "$CSV" "$ROWS" >/dev/null
fi
CSV_MB=$(awk -v b="$(stat -c %s "$CSV")" 'BEGIN { printf "%.1f", b / 1e6 }')

# AppCDS: a dynamic archive of the classes a conversion loads, made by a small training run with the
# same JVM and jar (the archive is only valid for both). The function image ships its own, made by
# lambda-converter/image/converter-jvm.sh; bench/converter-cds.sh measures that one.
CDS_OPTS=""
if [[ $CDS == 1 ]]; then
  ARCHIVE=$WORK/converter-cds.jsa
  if [[ ! -f $ARCHIVE || $JAR -nt $ARCHIVE ]]; then
    TRAIN=$WORK/train.csv
    [[ -f $TRAIN ]] || "$JAVA" -cp "$TEST_CLASSES" io.datapipeline.converter.bench.BenchOrdersCsv "$TRAIN" 20000 >/dev/null
    echo "building the AppCDS archive $ARCHIVE (training run on 20000 rows)" >&2
    rm -f "$ARCHIVE"
    # shellcheck disable=SC2086
    "$JAVA" $OURS_JAVA_OPTS -XX:ArchiveClassesAtExit="$ARCHIVE" -jar "$JAR" convert \
      --schema "$SCHEMA" --input "$TRAIN" --parquet "$WORK/train.parquet" --json "$WORK/train.jsonl" \
      --rejects "$WORK/train.rejects.csv" >/dev/null 2>"$WORK/cds.log" || die "training run failed: $WORK/cds.log"
  fi
  CDS_OPTS="-XX:SharedArchiveFile=$ARCHIVE"
fi

now_ms() { date +%s%3N; }

# run NAME CMD...: runs CMD under /usr/bin/time; sets WALL (s), CPU (s), RSS (MB), OUT, ERR.
run() {
  local name=$1; shift
  local tf=$WORK/$name.time
  OUT=$WORK/$name.out
  ERR=$WORK/$name.err
  local t0 t1
  t0=$(now_ms)
  START_MS=$t0
  /usr/bin/time -v -o "$tf" "$@" >"$OUT" 2>"$ERR" || { cat "$ERR" >&2; die "$name failed"; }
  t1=$(now_ms)
  WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1000 }')
  CPU=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.2f", u + s }' "$tf")
  RSS=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$tf")
}

ours() { # ours LABEL JAVA_OPTS...
  local label=$1; shift
  rm -f "$WORK/ours.parquet" "$WORK/ours.jsonl" "$WORK/ours.rejects.csv"
  # shellcheck disable=SC2068
  run "$label" "$JAVA" $@ -jar "$JAR" convert --timings --schema "$SCHEMA" --input "$CSV" \
    --parquet "$WORK/ours.parquet" --json "$WORK/ours.jsonl" --rejects "$WORK/ours.rejects.csv"
  grep -qx "rows=$ROWS rejected=0" "$OUT" || die "$label: expected 'rows=$ROWS rejected=0', got: $(cat "$OUT")"
  local first
  first=$(sed -n 's/^first_row_epoch_ms=//p' "$ERR")
  FIRST=$(awk -v a="$START_MS" -v b="$first" 'BEGIN { printf "%.3f", (b - a) / 1000 }')
}

duckdb() {
  rm -f "$WORK/duckdb.parquet"
  # shellcheck disable=SC2086
  run duckdb "$JAVA" $DUCKDB_JAVA_OPTS -cp "$TEST_CLASSES:$DUCKDB_JAR" io.datapipeline.converter.bench.DuckDbCopy \
    "$CSV" "$WORK/duckdb.parquet" "$DUCKDB_THREADS" "$DUCKDB_COLUMNS" "$TIMESTAMP_FORMAT"
  grep -qx "rows=$ROWS" "$OUT" || die "duckdb: expected 'rows=$ROWS', got: $(cat "$OUT")"
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
max() { sort -g | tail -1; }

# Flag sets compared when VARIANTS=1 (label:flags); each is run once per round after the main pair.
VARIANT_SETS=(
  "lambda-java17-default:-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData"
  "g1:-XX:+UseG1GC -XX:-UsePerfData"
  "no-cds:$OURS_JAVA_OPTS"
  "one-core:$OURS_JAVA_OPTS -XX:ActiveProcessorCount=1"
)

UPTIME_START=$(uptime)
LOAD_START=$(awk '{ print $1 }' /proc/loadavg)
echo "start: $UPTIME_START" >&2
echo "input: $CSV ($ROWS rows, $CSV_MB MB); JVM: $("$JAVA" -version 2>&1 | head -1); $(nproc) cores" >&2
echo "ours: $OURS_JAVA_OPTS $CDS_OPTS; duckdb: $DUCKDB_VERSION threads=$DUCKDB_THREADS" >&2

declare -a OURS_WALL OURS_CPU OURS_RSS OURS_FIRST DUCK_WALL DUCK_CPU DUCK_RSS
declare -A VAR_WALL VAR_CPU VAR_RSS
for ((round = 1; round <= ROUNDS; round++)); do
  for side in $( ((round % 2)) && echo "ours duckdb" || echo "duckdb ours"); do
    if [[ $side == ours ]]; then
      # shellcheck disable=SC2086
      ours ours $OURS_JAVA_OPTS $CDS_OPTS
      OURS_WALL+=("$WALL"); OURS_CPU+=("$CPU"); OURS_RSS+=("$RSS"); OURS_FIRST+=("$FIRST")
      echo "round $round ours:   wall ${WALL}s cpu ${CPU}s rss ${RSS}MB first row ${FIRST}s" >&2
    else
      duckdb
      DUCK_WALL+=("$WALL"); DUCK_CPU+=("$CPU"); DUCK_RSS+=("$RSS")
      echo "round $round duckdb: wall ${WALL}s cpu ${CPU}s rss ${RSS}MB" >&2
    fi
  done
  if [[ $VARIANTS == 1 ]]; then
    for set in "${VARIANT_SETS[@]}"; do
      label=${set%%:*}
      flags=${set#*:}
      extra=$CDS_OPTS
      [[ $label == no-cds ]] && extra=""
      # shellcheck disable=SC2086
      ours "variant-$label" $flags $extra
      VAR_WALL[$label]+="$WALL "; VAR_CPU[$label]+="$CPU "; VAR_RSS[$label]+="$RSS "
      echo "round $round variant $label: wall ${WALL}s cpu ${CPU}s rss ${RSS}MB first row ${FIRST}s" >&2
    done
  fi
done

UPTIME_END=$(uptime)
LOAD_END=$(awk '{ print $1 }' /proc/loadavg)
echo "end: $UPTIME_END" >&2

if [[ $VARIANTS == 1 ]]; then
  for set in "${VARIANT_SETS[@]}"; do
    label=${set%%:*}
    echo "VARIANT name=$label flags=\"${set#*:}\" ours_s=$(tr ' ' '\n' <<<"${VAR_WALL[$label]}" | grep . | median)" \
      "ours_cpu_s=$(tr ' ' '\n' <<<"${VAR_CPU[$label]}" | grep . | median)" \
      "ours_rss_mb=$(tr ' ' '\n' <<<"${VAR_RSS[$label]}" | grep . | max)"
  done
fi

OURS_S=$(printf '%s\n' "${OURS_WALL[@]}" | median)
DUCK_S=$(printf '%s\n' "${DUCK_WALL[@]}" | median)
RATIO=$(awk -v a="$OURS_S" -v b="$DUCK_S" 'BEGIN { printf "%.2f", a / b }')
[[ $KEEP == 1 ]] || rm -f "$WORK/ours.parquet" "$WORK/ours.jsonl" "$WORK/duckdb.parquet"
echo "RESULT converter_vs_duckdb rows=$ROWS ratio=$RATIO ours_s=$OURS_S duckdb_s=$DUCK_S" \
  "ours_cpu_s=$(printf '%s\n' "${OURS_CPU[@]}" | median) duckdb_cpu_s=$(printf '%s\n' "${DUCK_CPU[@]}" | median)" \
  "ours_rss_mb=$(printf '%s\n' "${OURS_RSS[@]}" | max) duckdb_rss_mb=$(printf '%s\n' "${DUCK_RSS[@]}" | max)" \
  "first_row_s=$(printf '%s\n' "${OURS_FIRST[@]}" | median) load=$LOAD_START-$LOAD_END"
