# What the converter benchmarks share (sourced by bench/postgres-load.sh and
# bench/converter-split.sh, after they set ROOT and NAME, their own name for messages): the
# module's paths, BUILD (auto|1|0), JAVA and PG_BIN from the environment, die, and
# `build_converter RUN_CLASS` (packages the converter when BUILD=1, or when BUILD=auto and the jar
# or RUN_CLASS is missing) and `orders_csv ROWS` (the generated orders CSV of that many rows, made
# once under $WORK; prints its path).
MODULE=$ROOT/lambda-converter
BUILD=${BUILD:-auto}
JAVA=${JAVA:-java}
PG_BIN=${PG_BIN:-$(dirname "$(command -v pg_ctl || echo /usr/lib/postgresql/15/bin/pg_ctl)")}
JAR=$MODULE/target/lambda-converter.jar
TEST_CLASSES=$MODULE/target/test-classes
WORK=$MODULE/target/bench
SCHEMA=$TEST_CLASSES/bench/converter.schema.json

die() { echo "$NAME: $*" >&2; exit 1; }

build_converter() {
  if [[ $BUILD == 1 || ( $BUILD == auto && ( ! -f $JAR || ! -f $TEST_CLASSES/${1//.//}.class ) ) ]]; then
    echo "building the converter (package, tests skipped but compiled)" >&2
    (cd "$ROOT" && ./mvnw -q -B -ntp -pl lambda-converter -am -DskipTests package) >&2
  fi
  [[ -f $JAR && -f $SCHEMA ]] || die "missing $JAR or $SCHEMA (run with BUILD=1)"
  mkdir -p "$WORK"
}

orders_csv() {
  local file=$WORK/orders-$1.csv
  [[ -f $file ]] || "$JAVA" -cp "$TEST_CLASSES" io.datapipeline.converter.bench.BenchOrdersCsv "$file" "$1" >/dev/null
  echo "$file"
}
