#!/usr/bin/env bash
# The CPU of the converter's start-up steps (issue 16, "less work per cold start"), documented in
# docs/benchmarks.md, "Session 6". Each step (bench.StartupSteps: the schema reader, the schema
# through jackson-databind as before, picocli's model and parse of a convert line, the static
# initialisation of parquet's ParquetMetadata) runs first in a JVM of its own, ROUNDS times, with
# a dynamic AppCDS archive of all of them (as a start of the function maps one), and is measured
# on its thread (ThreadMXBean CPU: less load-sensitive than wall time). Usage, from anywhere:
#
#   bench/converter-startup.sh
#
# Prints `uptime` at start and end (stderr) and, last, on stdout:
#
#   RESULT converter_startup schema_ms=<median> schema_databind_ms=<median> picocli_ms=<median>
#     parquet_footer_ms=<median> load=<1-min load at start>-<at end>
#
# Settings (environment): ROUNDS (5), BUILD (auto: build when the jar or test classes are missing;
# 1: always; 0: never), JAVA (java on PATH).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
MODULE=$ROOT/lambda-converter
ROUNDS=${ROUNDS:-5}
BUILD=${BUILD:-auto}
JAVA=${JAVA:-java}
JAR=$MODULE/target/lambda-converter.jar
CLASSES=$MODULE/target/test-classes
SCHEMA=$CLASSES/bench/converter.schema.json
WORK=$MODULE/target/bench/startup
OPTS="-XX:+UseSerialGC -XX:TieredStopAtLevel=4 -XX:-UsePerfData"

die() { echo "bench/converter-startup.sh: $*" >&2; exit 1; }
if [[ $BUILD == 1 || ( $BUILD == auto && ( ! -f $JAR || ! -f $CLASSES/io/datapipeline/converter/bench/StartupSteps.class ) ) ]]; then
  (cd "$ROOT" && ./mvnw -q -B -ntp -pl lambda-converter -am -DskipTests package) >&2
fi
[[ -f $JAR && -f $SCHEMA ]] || die "missing $JAR or $SCHEMA (run with BUILD=1)"

echo "start: $(uptime)" >&2
LOAD0=$(cut -d' ' -f1 /proc/loadavg)
mkdir -p "$WORK"
# A dynamic archive needs a class path of jars only: the probe goes into a jar of its own.
(cd "$CLASSES" && jar cf "$WORK/startup-steps.jar" io/datapipeline/converter/bench/StartupSteps.class)
CP=$JAR:$WORK/startup-steps.jar
ARCHIVE=$WORK/startup.jsa
rm -f "$ARCHIVE"
# shellcheck disable=SC2086
"$JAVA" $OPTS -XX:ArchiveClassesAtExit="$ARCHIVE" -cp "$CP" io.datapipeline.converter.bench.StartupSteps all "$SCHEMA" >/dev/null 2>"$WORK/train.log" \
  || die "training run failed: $WORK/train.log"

STEPS=(schema schema-databind picocli parquet-footer)
: >"$WORK/steps.txt"
for round in $(seq 1 "$ROUNDS"); do
  for step in "${STEPS[@]}"; do
    # shellcheck disable=SC2086
    line=$("$JAVA" $OPTS -Xshare:on -XX:SharedArchiveFile="$ARCHIVE" -cp "$CP" io.datapipeline.converter.bench.StartupSteps "$step" "$SCHEMA")
    echo "round $round $line" >&2
    echo "$line" >>"$WORK/steps.txt"
  done
done

median() { # median STEP
  sed -n "s/^STEP name=$1 cpu_ms=\([0-9.]*\) .*/\1/p" "$WORK/steps.txt" | sort -g \
    | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
echo "end:   $(uptime)" >&2
echo "RESULT converter_startup schema_ms=$(median schema) schema_databind_ms=$(median schema-databind) picocli_ms=$(median picocli) parquet_footer_ms=$(median parquet-footer) load=$LOAD0-$(cut -d' ' -f1 /proc/loadavg)"
