#!/usr/bin/env bash
# JDK 25's AOT cache (JEPs 483, 514, 515: classes loaded and linked, and method profiles, from a
# training run) against the image's JDK 17 with AppCDS, as whole `convert` processes on the 1 M-row
# orders file, alternated with DuckDB (docs/benchmarks.md, "JDK 25 and its AOT cache"). An
# experiment, not the image's setup: run from the repository root after bench/converter.sh has
# built the jar and generated the file. J25 (default /usr/lib/jvm/temurin-25-jdk-amd64/bin/java).
# Prints one line per process and round: name, wall in ms, user and system CPU (s), peak RSS (KiB).
set -euo pipefail
cd "$(dirname "$0")/.."
M=lambda-converter; JAR=$M/target/lambda-converter.jar; TC=$M/target/test-classes; W=$M/target/bench
SCHEMA=$TC/bench/converter.schema.json; CSV=$W/orders-1000000.csv
J17=java; J25=${J25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
DUCKDB_VERSION=$(sed -n 's:.*<duckdb.version>\(.*\)</duckdb.version>.*:\1:p' pom.xml)
[[ -f $JAR && -f $CSV && -x $J25 ]] || { echo "needs $JAR, $CSV (bench/converter.sh) and $J25" >&2; exit 1; }
OPTS="-XX:+UseSerialGC -XX:TieredStopAtLevel=4 -XX:-UsePerfData"
TRAIN=$W/train.csv; [[ -f $TRAIN ]] || java -cp $TC io.datapipeline.converter.bench.BenchOrdersCsv $TRAIN 20000 >/dev/null
TRAIN2=$W/train200k.csv; [[ -f $TRAIN2 ]] || java -cp $TC io.datapipeline.converter.bench.BenchOrdersCsv $TRAIN2 200000 >/dev/null
conv() { local j=$1; shift; local in=$1; shift; "$j" $OPTS "$@" -jar $JAR convert --schema $SCHEMA --input $in --parquet $W/x.parquet --json $W/x.jsonl --rejects $W/x.rej.csv; }
rm -f $W/j17.jsa $W/j25.aot $W/j25b.aot
conv $J17 $TRAIN -XX:ArchiveClassesAtExit=$W/j17.jsa >/dev/null 2>&1
conv $J25 $TRAIN -XX:AOTCacheOutput=$W/j25.aot >/dev/null 2>$W/aot.log || { cat $W/aot.log; exit 1; }
conv $J25 $TRAIN2 -XX:AOTCacheOutput=$W/j25b.aot >/dev/null 2>>$W/aot.log || { cat $W/aot.log; exit 1; }
ls -la $W/j17.jsa $W/j25.aot $W/j25b.aot >&2
t() { local name=$1; shift; local t0=$(date +%s%3N); /usr/bin/time -f "%U %S %M" -o $W/t.$name "$@" >/dev/null 2>$W/err.$name || { cat $W/err.$name; exit 1; }; local t1=$(date +%s%3N); echo "$name wall=$(( t1 - t0 ))ms cpu_rss=$(cat $W/t.$name)"; }
uptime
C="-jar $JAR convert --schema $SCHEMA --input $CSV --parquet $W/x.parquet --json $W/x.jsonl --rejects $W/x.rej.csv"
for r in 1 2 3; do
  t j17cds $J17 $OPTS -XX:SharedArchiveFile=$W/j17.jsa $C
  t j25aot20k $J25 $OPTS -XX:AOTCache=$W/j25.aot $C
  t j25aot200k $J25 $OPTS -XX:AOTCache=$W/j25b.aot $C
  t j25plain $J25 $OPTS $C
  t duckdb java -cp "$TC:$HOME/.m2/repository/org/duckdb/duckdb_jdbc/$DUCKDB_VERSION/duckdb_jdbc-$DUCKDB_VERSION.jar" io.datapipeline.converter.bench.DuckDbCopy $CSV $W/d.parquet 2 "{'order_id': 'BIGINT', 'customer': 'VARCHAR', 'status': 'VARCHAR', 'amount': 'DECIMAL(12,2)', 'quantity': 'BIGINT', 'price': 'DOUBLE', 'paid': 'BOOLEAN', 'ordered_at': 'TIMESTAMPTZ'}" '%Y-%m-%d %H:%M:%S'
done
uptime
