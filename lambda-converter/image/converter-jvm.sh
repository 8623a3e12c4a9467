#!/bin/bash
# How the function image starts the converter's JVM (lambda-converter/Dockerfile), and how it trains
# the AppCDS archive that start maps. One script for both, so the archive is dumped with exactly the
# class path and flags it is used with; bench/converter-cds.sh runs this same script with the local
# JDK (no Docker engine there). Why and what it saves: docs/benchmarks.md, "AppCDS in the function
# image".
#
#   converter-jvm.sh train            build $CDS_DIR/converter.jsa (at image build, once)
#   converter-jvm.sh check            fail unless a start as the function's maps the archive
#   converter-jvm.sh lambda HANDLER   the function: the runtime interface client serving HANDLER
#                                     (behind the runtime interface emulator when run outside Lambda)
#   converter-jvm.sh cli ARGS...      the converter's CLI with the same JVM (the benchmark, checks)
#
# Why not the base image's own start: its bootstrap puts -Xshare:on
# -XX:SharedArchiveFile=/var/lang/lib/server/runtime.jsa on the java command line, which comes after
# (and so overrides) any JAVA_TOOL_OPTIONS, and it loads the function's jar with a class loader of
# its own rather than from the class path an archive is checked against. So the image's ENTRYPOINT
# is this script, starting the same runtime interface client (the base image's jars in
# $RUNTIME_LIB) with the converter's jar on the class path, as AWS documents for images that bring
# their own start (docs/benchmarks.md cites the page).
#
# The JVM flags come from JAVA_TOOL_OPTIONS (the Dockerfile's ENV, the same at training and at run
# time); this script adds only the archive, the class path and the heap size.
#
# The archive is checked at every start (JDK version, flags such as the GC, the class path, each
# jar's size and modification time); when anything does not match, the JVM starts without it
# (-Xshare:auto, the default), silently but for one warning line, slower by the class loading it
# would have saved. CDS=0 starts without it on purpose (for comparisons).
#
# Environment (defaults are the image's paths): JAVA (/var/lang/bin/java), RUNTIME_LIB
# (/var/runtime/lib: the runtime interface client's jars; absent locally), TASK_LIB
# ($LAMBDA_TASK_ROOT/lib: lambda-converter.jar), CDS_DIR (/opt/datapipeline/cds: archive, class
# list, class path), TRAINING_DIR (the directory of this script: cds-training.csv and its schema),
# CDS (1).
set -euo pipefail

JAVA=${JAVA:-/var/lang/bin/java}
RUNTIME_LIB=${RUNTIME_LIB:-/var/runtime/lib}
TASK_LIB=${TASK_LIB:-${LAMBDA_TASK_ROOT:-/var/task}/lib}
CDS_DIR=${CDS_DIR:-/opt/datapipeline/cds}
TRAINING_DIR=${TRAINING_DIR:-$(cd "$(dirname "$0")" && pwd)}
CDS=${CDS:-1}
ARCHIVE=$CDS_DIR/converter.jsa
CLASSPATH_FILE=$CDS_DIR/classpath
RIC_MAIN=com.amazonaws.services.lambda.runtime.api.client.AWSLambda
CLI_MAIN=io.datapipeline.converter.cli.ConverterCli

die() { echo "converter-jvm.sh: $*" >&2; exit 1; }

# The class path: the runtime interface client's jars (aws-lambda-java-core, -runtime-interface-client,
# -serialization; not the base image's log4j patch agent) in name order, then the converter's jar. Fixed
# at training (written to $CLASSPATH_FILE) and read back at every start: the archive is only valid
# for the same class path, whatever the locale's collation at run time.
class_path() {
  local jars=()
  local jar
  for jar in "$RUNTIME_LIB"/aws-lambda-java-*.jar; do # a glob is in name order (LC_COLLATE)
    [[ -f $jar ]] && jars+=("$jar")
  done
  [[ -f $TASK_LIB/lambda-converter.jar ]] || die "no $TASK_LIB/lambda-converter.jar"
  jars+=("$TASK_LIB/lambda-converter.jar")
  local IFS=:
  echo "${jars[*]}"
}

# What every start adds to JAVA_TOOL_OPTIONS' flags.
start_flags() {
  FLAGS=()
  if [[ $CDS == 1 ]]; then
    [[ -f $ARCHIVE && -f $CLASSPATH_FILE ]] || die "no archive in $CDS_DIR (run: $0 train)"
    FLAGS+=("-XX:SharedArchiveFile=$ARCHIVE")
    CP=$(cat "$CLASSPATH_FILE")
  else
    CP=$(class_path)
  fi
  # The heap the base image's bootstrap gives: 85% of the function's memory.
  if [[ -n ${AWS_LAMBDA_FUNCTION_MEMORY_SIZE:-} ]]; then
    FLAGS+=("-XX:MaxHeapSize=$((AWS_LAMBDA_FUNCTION_MEMORY_SIZE * 1024 * 85 / 100))k")
  fi
}

train() {
  mkdir -p "$CDS_DIR"
  rm -f "$ARCHIVE" "$CLASSPATH_FILE" "$CDS_DIR/converter.classlist"
  local cp work
  cp=$(class_path)
  work=$(mktemp -d)
  # 1. A representative run that records the classes it loads: a conversion of a small orders file
  #    (every sink the CLI has locally: Parquet on its own thread, JSON Lines, rejects).
  "$JAVA" -XX:DumpLoadedClassList="$CDS_DIR/converter.classlist" -cp "$cp" "$CLI_MAIN" convert \
    --schema "$TRAINING_DIR/cds-training.schema.json" --input "$TRAINING_DIR/cds-training.csv" \
    --parquet "$work/t.parquet" --json "$work/t.jsonl" --rejects "$work/t.rejects.csv" \
    >"$work/train.out" || die "training run failed"
  grep -q '^rows=2000 rejected=0$' "$work/train.out" || die "training run: $(cat "$work/train.out")"
  # 2. A static archive of those classes (JDK and ours, no base archive needed), for this class path.
  "$JAVA" -Xshare:dump -XX:SharedClassListFile="$CDS_DIR/converter.classlist" \
    -XX:SharedArchiveFile="$ARCHIVE" -cp "$cp" >"$work/dump.log" 2>&1 \
    || { cat "$work/dump.log" >&2; die "archive dump failed"; }
  echo "$cp" >"$CLASSPATH_FILE"
  chmod 0444 "$ARCHIVE" "$CLASSPATH_FILE" "$CDS_DIR/converter.classlist" # Lambda's user is not root
  rm -rf "$work"
  echo "converter-jvm.sh: $ARCHIVE: $(grep -vc '^#\|^@' "$CDS_DIR/converter.classlist") classes, $(($(stat -c %s "$ARCHIVE") / 1048576)) MiB"
}

# A conversion of the training file started as the function starts (same flags, class path, heap
# size as a 1024 MB function), with -Xshare:on so that an archive the JVM would not map fails here,
# at image build, instead of being skipped without a word at every cold start. Also prints how many
# of the classes loaded came from the archive.
check() {
  local work log total shared
  work=$(mktemp -d)
  log=$work/class-load.log
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE=${AWS_LAMBDA_FUNCTION_MEMORY_SIZE:-1024} start_flags
  "$JAVA" "${FLAGS[@]}" -Xshare:on -Xlog:class+load=info:file="$log" -cp "$CP" "$CLI_MAIN" convert \
    --schema "$TRAINING_DIR/cds-training.schema.json" --input "$TRAINING_DIR/cds-training.csv" \
    --parquet "$work/t.parquet" --json "$work/t.jsonl" --rejects "$work/t.rejects.csv" \
    >"$work/check.out" || die "the archive does not map with the function's flags and class path"
  total=$(grep -c 'source:' "$log")
  shared=$(grep -c 'source: shared objects file' "$log")
  rm -rf "$work"
  ((shared * 10 >= total * 9)) || die "only $shared of $total classes came from the archive"
  echo "converter-jvm.sh: archive checked: $shared of $total classes loaded from it"
}

case ${1:-} in
  train) train ;;
  check) check ;;
  lambda)
    shift
    start_flags
    # The runtime interface client's native part, when the base image ships it unpacked.
    for jni in "$RUNTIME_LIB"/jni/libaws-lambda-jni.linux-*.so; do
      [[ -f $jni ]] && FLAGS+=("-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI=$jni")
    done
    # As the base image's bootstrap: the client opens java.io for its log redirection, its CRaC
    # compatibility classes (SnapStart's hooks), IPv4 only, a crash report on stderr (the log).
    FLAGS+=(--add-opens=java.base/java.io=ALL-UNNAMED
      -Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac
      -Djava.net.preferIPv4Stack=true -XX:+ErrorFileToStderr)
    if [[ -z ${AWS_LAMBDA_RUNTIME_API:-} ]]; then # outside Lambda: the base image's emulator
      exec /usr/local/bin/aws-lambda-rie "$JAVA" "${FLAGS[@]}" -cp "$CP" "$RIC_MAIN" "$@"
    fi
    exec "$JAVA" "${FLAGS[@]}" -cp "$CP" "$RIC_MAIN" "$@"
    ;;
  cli)
    shift
    start_flags
    exec "$JAVA" "${FLAGS[@]}" -cp "$CP" "$CLI_MAIN" "$@"
    ;;
  *) die "usage: $0 train | check | lambda HANDLER | cli ARGS..." ;;
esac
