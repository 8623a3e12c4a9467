#!/usr/bin/env bash
# Operator at scale (issue 17, "Harness"): the operator's own cost for N pipelines.
#
#   ./mvnw -q -DskipTests package        # the README's build, once
#   bench/operator-scale.sh N            # from the repository root
#
# Runs three processes: the sandbox with --external-operator (moto_server, the Kubernetes API
# stand-in and PostgreSQL), the operator in its own JVM (the operator app with production
# settings but METRICS_PORT, and the templates adapted to moto as the sandbox's in-process operator
# has them: sandbox's MotoAdaptedOperator; the production jar's templates are not all deployable on
# moto) and a driver (this script) applying N pipelines with kubectl. The last line printed is
#   RESULT n=<N> ready_s=<s> requests_until_ready=<n> settled_requests_per_pipeline_hour=<x>
#          heap_peak_mib=<n> rss_peak_mib=<n> cpu_s=<n>
#          restart_s=<s> restart_describe_stacks=<n> restart_change_sets=<n>
#          live_heap_mib=<n> kib_per_pipeline=<n> plans=<product|small>
#          settled_at_defaults_per_pipeline_hour=<x> aws=<moto|fast> drain_s=<s>
# (one line). drain_s is how long after Ready the stack-events queue took to empty (the deploy's own
# events drained) with the sandbox's events stand-in caught up (its log says "quiet"); the settled
# window opens only then (DRAIN_TIMEOUT_S, default 900). heap_peak_mib is the used heap sampled
# (garbage included); live_heap_mib the used
# heap right after a full collection once settled, and kib_per_pipeline its growth over the live
# heap before any pipeline, divided by N. settled_requests_per_pipeline_hour is what the settled
# window measured; the window is far shorter than the periodic intervals (sweep up to 4h, drift
# 24h, STS credentials 1h), so settled_at_defaults_per_pipeline_hour adds every periodic call from
# its schedule (the operator's settings, OPERATOR_SETTINGS applied) and the counts this run
# measured (stacks, sweep pages, role sessions); the breakdown by source goes to stderr beside the
# window's own figures. After the settled window the operator is stopped and started again: restart_s is
# the time from the new process's start until it has reconciled N pipelines to Ready
# (datapipeline_reconciliations_total{result="ready"} >= N), the other two its DescribeStacks
# (sweeps and targeted reads alike) and CreateChangeSet requests until then. See docs/benchmarks.md. Numbers only mean something on a quiet machine (`uptime`
# below 1): the script prints it at start and end.
#
# Environment: SETTLE_S (settled window, default 120), READY_TIMEOUT_S (default 1800),
# NMT=1 (adds -XX:NativeMemoryTracking=summary and writes the settled operator's
# `jcmd VM.native_memory summary` to stderr and the work dir: where RSS goes beside the heap; NMT
# costs some native memory itself, so RSS A/B runs go without it), OPERATOR_ENV_EXTRA (KEY=VALUE
# words for the operator's environment only; default MALLOC_ARENA_MAX=2, the chart's mallocArenaMax),
# SAMPLE_S (heap/RSS sampling interval, default 2), READY_POLL_S (how often the driver lists the
# pipelines' Ready conditions, default 2; at 10,000 each listing is tens of MB from the API server), KEEP_WORK=1 keeps the temp dir (logs;
# with HISTOGRAM=1 also the settled operator's class histogram, class-histogram.txt),
# PLANS=product|small (default product: the example's plans adapted to moto; small: every stack
# one SSM parameter, sandbox's SmallPlans, so moto holds thousands of pipelines while the operator
# does all its own work), AWS=moto|fast (default moto; fast: moto in its scale mode, a stand-in for
# scale runs, aws-standins' MotoServer.Mode.SCALE: the same answers at a cost per request that does
# not grow with the stacks moto holds, DescribeStacks paged by 100 as on AWS, and moto itself
# publishing the stack status events the sandbox's events stand-in otherwise finds by sweeping
# moto's stacks), OPERATOR_JAVA_OPTS (default: the Helm chart's javaToolOptions under its
# 512Mi memory limit, emulated with -XX:MaxRAM=512m: production settings), OPERATOR_SETTINGS
# (extra KEY=VALUE operator settings, e.g. "AWS_CALLS_PER_SECOND=100 AWS_CALL_BURST=200": with the
# default budget of 10 requests/s per account/region, time to Ready is the budget's, about
# N x 35 / 10 s, not the operator's).
set -euo pipefail

usage() { echo "usage: bench/operator-scale.sh N   (from the repository root)" >&2; exit 2; }
[[ $# -eq 1 && $1 =~ ^[1-9][0-9]*$ ]] || usage
N=$1
SETTLE_S=${SETTLE_S:-120}
READY_TIMEOUT_S=${READY_TIMEOUT_S:-1800}
SAMPLE_S=${SAMPLE_S:-2}
PLANS=${PLANS:-product}
[[ $PLANS == product || $PLANS == small ]] || { echo "PLANS must be product or small" >&2; exit 2; }
AWS=${AWS:-moto}
[[ $AWS == moto || $AWS == fast ]] || { echo "AWS must be moto or fast" >&2; exit 2; }
# The sandbox's moto_server reads it (aws-standins' MotoServer.Mode.fromEnvironment).
SCALE_MODE=0
[[ $AWS == fast ]] && SCALE_MODE=1
# helm/datapipeline-operator/values.yaml: javaToolOptions, and resources.limits.memory 512Mi.
OPERATOR_JAVA_OPTS=${OPERATOR_JAVA_OPTS:--XX:MaxRAM=512m -XX:+UseSerialGC -XX:MaxRAMPercentage=50 -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError}
# The chart's mallocArenaMax (env MALLOC_ARENA_MAX); OPERATOR_ENV_EXTRA="" runs with glibc's default.
OPERATOR_ENV_EXTRA=${OPERATOR_ENV_EXTRA-MALLOC_ARENA_MAX=2}
[[ ${NMT:-} == 1 ]] && OPERATOR_JAVA_OPTS="$OPERATOR_JAVA_OPTS -XX:NativeMemoryTracking=summary"
SANDBOX_JAR=sandbox/target/datapipeline-sandbox.jar
# The external operator's main class, as the sandbox prints it (SANDBOX_POSTGRES_PORT comes with
# the printed exports).
OPERATOR_MAIN=io.datapipeline.sandbox.MotoAdaptedOperator
EXAMPLE=sandbox/examples/weather.yaml
NAMESPACE=sandbox
LABEL=bench=operator-scale
for f in "$SANDBOX_JAR" "$EXAMPLE"; do
  [[ -f $f ]] || { echo "missing $f: run from the repository root after ./mvnw -q -DskipTests package" >&2; exit 2; }
done
for tool in java kubectl jstat python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool on PATH" >&2; exit 2; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/operator-scale.XXXXXX")
SANDBOX_PID=""
OPERATOR_PID=""
SAMPLER_PID=""

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

# Stops a process we started: TERM (the sandbox's shutdown hook stops moto and PostgreSQL), then
# KILL after 30 s.
stop() {
  local pid=$1 name=$2
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
  log "$name ($pid) ignored TERM for 30 s: KILL"
  kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop "$SAMPLER_PID" sampler
  stop "$OPERATOR_PID" operator
  stop "$SANDBOX_PID" sandbox
  # A sandbox KILLed after ignoring TERM leaves its moto_server and PostgreSQL running: they are
  # listed in its work dir.
  if [[ -f $WORK/sandbox/pids ]]; then
    while read -r pid; do
      [[ $pid =~ ^[0-9]+$ ]] && kill -TERM "$pid" 2>/dev/null || true
    done <"$WORK/sandbox/pids"
  fi
  wait 2>/dev/null || true
  if [[ $rc -ne 0 ]]; then
    log "failed (exit $rc); logs:"
    for f in "$WORK"/sandbox.log "$WORK"/operator.log; do
      [[ -f $f ]] && { echo "--- tail $f" >&2; tail -n 30 "$f" >&2; }
    done
  fi
  if [[ ${KEEP_WORK:-} == 1 || $rc -ne 0 ]]; then log "work dir kept: $WORK"; else rm -rf "$WORK"; fi
  # On success `uptime` was printed before RESULT, which stays the last line of stdout.
  [[ $rc -eq 0 ]] || uptime >&2
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() { log "$*"; exit 1; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Sum of datapipeline_aws_requests_total over all label sets ("by" prints per operation instead).
# "since FILE" prints per operation the increase over the rows FILE holds (saved with "by").
aws_requests() {
  python3 - "$METRICS_URL" "${1:-sum}" "${2:-}" <<'PY'
import re, sys, urllib.request
url, mode, since = sys.argv[1], sys.argv[2], sys.argv[3]
text = urllib.request.urlopen(url, timeout=10).read().decode()
rows = re.findall(r'^datapipeline_aws_requests_total(\{[^}]*\})?\s+(\S+)', text, re.M)
if mode == "by":
    for labels, value in sorted(rows):
        print(f"  {labels or '{}'} {float(value):.0f}")
elif mode == "since":
    before = {}
    for line in open(since):
        labels, value = line.rsplit(" ", 1)
        before[labels.strip()] = float(value)
    for labels, value in sorted(rows):
        delta = float(value) - before.get(labels or '{}', 0)
        if delta:
            print(f"  {labels or '{}'} {delta:.0f}")
else:
    print(f"{sum(float(v) for _, v in rows):.0f}")
PY
}

# The operator in its own JVM, logging to $1: sets OPERATOR_PID.
start_operator() {
  # shellcheck disable=SC2086 # OPERATOR_JAVA_OPTS is a list of flags
  # shellcheck disable=SC2086 # OPERATOR_SETTINGS is a list of KEY=VALUE words
  # shellcheck disable=SC2086 # OPERATOR_ENV_EXTRA is a list of KEY=VALUE words
  env "${OPERATOR_ENV[@]}" METRICS_PORT="$METRICS_PORT" SANDBOX_PLANS="$PLANS" ${OPERATOR_SETTINGS:-} ${OPERATOR_ENV_EXTRA:-} \
    java $OPERATOR_JAVA_OPTS -cp "$SANDBOX_JAR" "$OPERATOR_MAIN" >"$1" 2>&1 &
  OPERATOR_PID=$!
}

# Sum of one metric's samples whose labels contain $2 (e.g. 'operation="DescribeStacks"'); 0 if none.
metric_sum() {
  python3 - "$METRICS_URL" "$1" "$2" <<'PY'
import re, sys, urllib.request
url, name, wanted = sys.argv[1:]
text = urllib.request.urlopen(url, timeout=10).read().decode()
rows = re.findall(r'^' + re.escape(name) + r'(\{[^}]*\})?\s+(\S+)', text, re.M)
print(f"{sum(float(v) for labels, v in rows if wanted in (labels or '')):.0f}")
PY
}

# Used heap in KiB (survivor + eden + old) from jstat -gc, or nothing if the JVM did not answer.
heap_used_kib() {
  jstat -gc "$1" 2>/dev/null | python3 -c '
import sys
lines = sys.stdin.read().split("\n")
if len(lines) >= 2 and lines[1].strip():
    row = dict(zip(lines[0].split(), lines[1].split()))
    print(round(sum(float(row[k]) for k in ("S0U", "S1U", "EU", "OU"))))'
}

# Live heap in KiB: used heap right after a full collection (jcmd GC.run), so garbage the
# collector had not yet reclaimed does not count. The per-pipeline cost is the difference of two.
live_heap_kib() {
  jcmd "$1" GC.run >/dev/null 2>&1 || return 1
  heap_used_kib "$1"
}

vm_hwm_kib() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }

cpu_seconds() {
  python3 - "$1" <<'PY'
import os, sys
stat = open(f"/proc/{sys.argv[1]}/stat").read()
fields = stat[stat.rindex(")") + 2:].split()  # after the command name, which may hold spaces
utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15 of proc(5)
print(f"{(utime + stime) / os.sysconf('SC_CLK_TCK'):.1f}")
PY
}

# Every periodic AWS call per pipeline-hour from its schedule, by source (stderr), and the total
# (stdout). $1 stacks the observation keeps, $2 DescribeStacks pages of one sweep (measured), $3
# role sessions (AssumeRole until Ready), $4 pipelines with a dashboard, $5 the window's
# ReceiveMessage per hour (validates the long-poll line).
settled_model() {
  python3 - "$N" "$1" "$2" "$3" "$4" "$5" ${OPERATOR_SETTINGS:-} <<'PY'
import math, re, sys
n, stacks, pages, sessions, dashboards, receive_per_h = (float(a) for a in sys.argv[1:7])
# The operator's defaults (docs/contracts.md), then OPERATOR_SETTINGS.
settings = {"SWEEP_INTERVAL": "15m", "SWEEP_MAX_INTERVAL": "4h", "DRIFT_CHECK_INTERVAL": "24h",
            "DATA_PATH_INTERVAL": "5m", "DASHBOARD_INTERVAL": "6h"}
for kv in sys.argv[7:]:
    k, _, v = kv.partition("=")
    settings[k] = v
def seconds(text):
    m = re.fullmatch(r"(\d+)(ms|s|m|h|d)", text)
    return int(m.group(1)) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]
def per_hour(interval):
    s = seconds(settings[interval])
    return 0 if s == 0 else 3600 / s
rows = [
    # One 20 s long poll per account/region (this run: one), whatever N.
    ("ReceiveMessage (stack-events long poll)", 3600 / 20),
    # Steady state of a healthy queue: the sweep interval grown to SWEEP_MAX_INTERVAL.
    ("DescribeStacks sweep (%d pages every %s)" % (pages, settings["SWEEP_MAX_INTERVAL"]),
     pages * per_hour("SWEEP_MAX_INTERVAL")),
    # One DetectStackDrift per pipeline stack (not the bootstrap stack) per interval; the result
    # by event (a drifted stack adds one DescribeStackResourceDrifts).
    ("DetectStackDrift (%d stacks every %s)" % (stacks - 1, settings["DRIFT_CHECK_INTERVAL"]),
     max(stacks - 1, 0) * per_hour("DRIFT_CHECK_INTERVAL")),
    # One GetMetricData per 250 pipelines per interval (GetQueueAttributes only for a failure
    # queue holding messages: none here).
    ("GetMetricData (DataPathHealthy, %d batches every %s)" % (math.ceil(n / 250), settings["DATA_PATH_INTERVAL"]),
     math.ceil(n / 250) * per_hour("DATA_PATH_INTERVAL")),
    # DescribeServices + DescribeScalingActivities per dashboard per interval (more on ECS events).
    ("ECS/Application Auto Scaling (%d dashboards every %s)" % (dashboards, settings["DASHBOARD_INTERVAL"]),
     2 * dashboards * per_hour("DASHBOARD_INTERVAL")),
    # DescribeAccountLimits per account/region every 6 h.
    ("DescribeAccountLimits (stack quota)", 1 / 6),
]
if sessions:
    # STS AssumeRole: a role session's credentials last 1 h and the SDK renews them on the first
    # call after 55 min. A pipeline's own session is idle between its periodic calls (its drift
    # checks, data-path batches and dashboard reads come hours apart), so each such occasion renews
    # first: one per pipeline per drift interval (its stacks share one slot), one per data-path
    # batch, one per dashboard read; the session the observation reads with (long poll, sweeps)
    # renews every 55 min.
    periodic = n * per_hour("DRIFT_CHECK_INTERVAL") + rows[3][1] + rows[4][1] / 2
    rows.append(("AssumeRole (%d role sessions: before each of those calls, and the reader's hourly)"
                 % sessions, periodic + 60 / 55))
total = sum(r for _, r in rows)
print("settled at the defaults, per hour (per pipeline-hour):", file=sys.stderr)
for name, rate in rows:
    print(f"  {name}: {rate:.1f} ({rate / n:.4f})", file=sys.stderr)
print(f"  total: {total:.1f} ({total / n:.4f}); the window measured ReceiveMessage at {receive_per_h:.0f}/h"
      " against the 180/h above", file=sys.stderr)
print(f"{total / n:.3f}")
PY
}

# Reconciliations of this operator process that ended Ready (0 until its metrics answer).
restated_count() {
  metric_sum datapipeline_reconciliations_total 'result="ready"' 2>/dev/null || echo 0
}

# Runs "${@:3}" (printing a count) every $1 s until it reaches N; fails after READY_TIMEOUT_S,
# naming what was counted ($2), or when the operator exits.
await_all() {
  local interval=$1 what=$2 count deadline=$(( $(date +%s) + READY_TIMEOUT_S ))
  shift 2
  while :; do
    count=$("$@")
    [[ $count -ge $N ]] && return 0
    kill -0 "$OPERATOR_PID" 2>/dev/null || fail "the operator exited"
    [[ $(date +%s) -lt $deadline ]] || fail "$count of $N $what after ${READY_TIMEOUT_S} s"
    sleep "$interval"
  done
}

# Whether the sandbox's events stand-in has caught up with moto in the example's region: its last
# log line there says "quiet" (a scan after its last published change found none). Until then the
# queue can be empty and still have events to come: at N=1,000 a scan of 5,000 stacks takes long,
# and the stand-in waits twice that between scans. With AWS=fast moto publishes the stacks' events
# as they happen and the stand-in scans no stacks: it stays quiet.
stand_in_quiet() {
  local last
  last=$(grep "events stand-in $EVENTS_REGION:" "$WORK/sandbox.log" | tail -1)
  [[ -z $last || $last == *quiet* ]]
}

# Messages in the stack-events queue of the example's region (visible and in flight), read from
# moto with SQS's query API (any key: moto checks no signature).
events_backlog() {
  python3 - "$AWS_ENDPOINT" "$EVENTS_REGION" <<'PY'
import re, sys, urllib.parse, urllib.request
endpoint, region = sys.argv[1].rstrip("/"), sys.argv[2]
queue = endpoint + "/123456789012/datapipeline-stack-events"
body = urllib.parse.urlencode({
    "Action": "GetQueueAttributes", "Version": "2012-11-05", "QueueUrl": queue,
    "AttributeName.1": "ApproximateNumberOfMessages",
    "AttributeName.2": "ApproximateNumberOfMessagesNotVisible"}).encode()
request = urllib.request.Request(endpoint, data=body, headers={
    "Content-Type": "application/x-www-form-urlencoded",
    "Authorization": "AWS4-HMAC-SHA256 Credential=testing/20260101/%s/sqs/aws4_request, "
                     "SignedHeaders=host, Signature=0" % region})
answer = urllib.request.urlopen(request, timeout=10).read().decode()
values = re.findall(r"<Value>(\d+)</Value>", answer)
if len(values) != 2:
    sys.exit("unexpected GetQueueAttributes answer: " + answer[:300])
print(sum(int(v) for v in values))
PY
}

seconds_since() {
  python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$(date +%s.%N)"
}

ready_count() {
  kubectl get dp -n "$NAMESPACE" -l "$LABEL" \
    -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' \
    | grep -cx True || true
}

uptime
log "n=$N plans=$PLANS aws=$AWS settle_s=$SETTLE_S operator JVM: $OPERATOR_JAVA_OPTS ${OPERATOR_ENV_EXTRA:-}; settings: ${OPERATOR_SETTINGS:-defaults}; work dir $WORK"

# 1. The sandbox, without its operator.
DATAPIPELINE_MOTO_SCALE_MODE=$SCALE_MODE java -jar "$SANDBOX_JAR" --external-operator --work-dir "$WORK/sandbox" \
  --state-file "$WORK/state.json" >"$WORK/sandbox.log" 2>&1 &
SANDBOX_PID=$!
log "sandbox pid $SANDBOX_PID, waiting for its operator command"
for _ in $(seq 360); do
  grep -q "java -cp $SANDBOX_JAR $OPERATOR_MAIN" "$WORK/sandbox.log" && break
  kill -0 "$SANDBOX_PID" 2>/dev/null || fail "the sandbox exited"
  sleep 0.5
done
grep -q "java -cp $SANDBOX_JAR $OPERATOR_MAIN" "$WORK/sandbox.log" \
  || fail "the sandbox printed no operator command within 180 s"

# The `export A=1 B=2` lines printed for the external operator (not the walkthrough's above
# them), as the operator's environment; METRICS_PORT ours.
mapfile -t OPERATOR_ENV < <(python3 - "$WORK/sandbox.log" <<'PY'
import re, sys
log = open(sys.argv[1]).read()
marker = "The operator is not running (--external-operator)"
assert marker in log, "the sandbox's external-operator instructions changed shape"
for line in log[log.index(marker):].splitlines():
    m = re.match(r"^\s*export (.+)$", line)
    if m:
        for kv in m.group(1).split():
            if re.match(r"^[A-Z_][A-Z0-9_]*=", kv):
                print(kv)
PY
)
AWS_ENDPOINT=$(printf '%s\n' "${OPERATOR_ENV[@]}" | sed -n 's/^AWS_ENDPOINT_URL=//p')
[[ -n $AWS_ENDPOINT ]] || fail "the sandbox printed no AWS_ENDPOINT_URL"
EVENTS_REGION=$(sed -n 's/^ *region: *\([a-z0-9-]*\).*/\1/p' "$EXAMPLE" | head -1)
[[ -n $EVENTS_REGION ]] || fail "no region in $EXAMPLE"
KUBECONFIG=$(printf '%s\n' "${OPERATOR_ENV[@]}" | sed -n 's/^KUBECONFIG=//p')
[[ -n $KUBECONFIG ]] || fail "the sandbox printed no KUBECONFIG"
export KUBECONFIG
METRICS_PORT=$(free_port)
METRICS_URL="http://127.0.0.1:$METRICS_PORT/metrics"

# 2. The driver's manifests: the walkthrough's pipeline under N names, no dashboard.
python3 - "$EXAMPLE" "$N" "$WORK/pipelines.yaml" <<'PY'
import sys
example, n, out = open(sys.argv[1]).read(), int(sys.argv[2]), sys.argv[3]
head = "metadata:\n  name: weather\n"
assert head in example and "dashboard:\n    enabled: false" in example, "weather.yaml changed shape"
with open(out, "w") as f:
    for i in range(1, n + 1):
        doc = example.replace(head, f"metadata:\n  name: bench-{i:05d}\n  labels:\n    bench: operator-scale\n", 1)
        f.write(doc.rstrip("\n") + "\n---\n")
PY
kubectl get namespace "$NAMESPACE" >/dev/null 2>&1 || kubectl create namespace "$NAMESPACE" >/dev/null

# 3. The operator, its own JVM.
start_operator "$WORK/operator.log"
log "operator pid $OPERATOR_PID, metrics $METRICS_URL"
for _ in $(seq 240); do
  aws_requests >/dev/null 2>&1 && break
  kill -0 "$OPERATOR_PID" 2>/dev/null || fail "the operator exited"
  sleep 0.5
done
aws_requests >/dev/null 2>&1 || fail "no $METRICS_URL within 120 s"

# Heap peak, sampled for the whole run by one jstat printing a line every SAMPLE_S (a jstat per
# sample is a JVM start each time: at 2 s a fifth of the 2-core machine, measured at 10,000), read
# by one python that keeps the peak. RSS needs no sampling: the kernel keeps its high-water mark
# (VmHWM). The pipeline's last process is the reader; when it stops, jstat dies on its next write.
jstat -gc "$OPERATOR_PID" "${SAMPLE_S}s" 2>/dev/null | python3 -u -c '
import sys
out, header, peak = sys.argv[1], None, 0
for line in sys.stdin:
    cols = line.split()
    if not cols:
        continue
    if cols[0] == "S0C":
        header = cols
        continue
    if header is None:
        continue
    used = round(sum(float(v) for k, v in zip(header, cols) if k in ("S0U", "S1U", "EU", "OU")))
    if used > peak:
        peak = used
        with open(out, "w") as f:
            f.write(f"{peak}\n")
' "$WORK/heap_peak_kib" &
SAMPLER_PID=$!

live_before_kib=$(live_heap_kib "$OPERATOR_PID") || fail "jcmd GC.run failed for pid $OPERATOR_PID"
log "live heap before any pipeline: $(( live_before_kib / 1024 )) MiB"

# 4. Apply, then poll until every pipeline is Ready.
start=$(date +%s.%N)
kubectl apply -f "$WORK/pipelines.yaml" >"$WORK/apply.log"
log "applied $N pipelines"
await_all "${READY_POLL_S:-2}" Ready ready_count
ready_s=$(seconds_since "$start")
requests_until_ready=$(aws_requests)
role_sessions=$(metric_sum datapipeline_aws_requests_total 'operation="AssumeRole"')
log "all $N Ready after $ready_s s, $requests_until_ready AWS requests; by operation:"
aws_requests by >&2

# 5. The settled window, once the stack-events queue is empty and the events stand-in has seen
# every stack since its last published change: a mass deploy leaves a backlog of
# the deploy's own events (several per stack) that the operator drains after Ready, and counting
# that drain would measure the deploy, not the settled state (session 6's N=200: 126 requests per
# pipeline-hour).
drain_start=$(date +%s.%N)
empty_in_a_row=0
for _ in $(seq "$(( ${DRAIN_TIMEOUT_S:-900} / 2 ))"); do
  backlog=$(events_backlog) || fail "cannot read the stack-events queue at $AWS_ENDPOINT"
  if [[ $backlog -eq 0 ]] && stand_in_quiet; then
    empty_in_a_row=$((empty_in_a_row + 1))
    [[ $empty_in_a_row -ge 3 ]] && break
  else
    empty_in_a_row=0
  fi
  sleep 2
done
[[ $empty_in_a_row -ge 3 ]] || fail "the stack-events queue held $backlog messages (stand-in quiet: $(stand_in_quiet && echo yes || echo no)) after ${DRAIN_TIMEOUT_S:-900} s"
drain_s=$(seconds_since "$drain_start")
log "stack-events queue empty and the events stand-in quiet after $drain_s s; by operation until then:"
aws_requests by >&2
before=$(aws_requests)
aws_requests by >"$WORK/requests-before-settled"
sleep "$SETTLE_S"
after=$(aws_requests)
receive_after=$(metric_sum datapipeline_aws_requests_total 'operation="ReceiveMessage"')
receive_before=$(sed -n 's/.*operation="ReceiveMessage".*} \([0-9]*\)$/\1/p' "$WORK/requests-before-settled" | head -1)
receive_per_h=$(python3 -c "import sys; print((float(sys.argv[1]) - float(sys.argv[2] or 0)) * 3600 / float(sys.argv[3]))" \
  "$receive_after" "${receive_before:-0}" "$SETTLE_S")
kept_stacks=$(metric_sum datapipeline_stacks '')
dashboards=$(kubectl get dp -n "$NAMESPACE" -l "$LABEL" \
  -o jsonpath='{range .items[*]}{.status.stacks[?(@.component=="dashboard")].stackName}{"\n"}{end}' \
  | grep -c . || true)
settled=$(python3 -c "import sys; d,n,s=map(float,sys.argv[1:]); print(f'{d / n / (s / 3600):.2f}')" \
  "$((after - before))" "$N" "$SETTLE_S")
log "settled window: $((after - before)) AWS requests in $SETTLE_S s; by operation:"
aws_requests since "$WORK/requests-before-settled" >&2

# 6. The operator's footprint, read while it still runs.
kill -0 "$OPERATOR_PID" 2>/dev/null || fail "the operator exited"
last_heap=$(heap_used_kib "$OPERATOR_PID" || true)
heap_peak_kib=$(cat "$WORK/heap_peak_kib" 2>/dev/null || echo 0)
[[ -n $last_heap && $last_heap -gt $heap_peak_kib ]] && heap_peak_kib=$last_heap
[[ $heap_peak_kib -gt 0 ]] || fail "jstat never answered for pid $OPERATOR_PID"
rss_peak_kib=$(vm_hwm_kib "$OPERATOR_PID")
cpu_s=$(cpu_seconds "$OPERATOR_PID")
live_after_kib=$(live_heap_kib "$OPERATOR_PID") || fail "jcmd GC.run failed for pid $OPERATOR_PID"
kib_per_pipeline=$(( (live_after_kib - live_before_kib) / N ))
log "live heap settled: $(( live_after_kib / 1024 )) MiB, $kib_per_pipeline KiB per pipeline"
if [[ ${NMT:-} == 1 ]]; then
  jcmd "$OPERATOR_PID" VM.native_memory summary >"$WORK/native-memory.txt" 2>&1 || true
  log "native memory of the settled operator (committed KB by category; $WORK/native-memory.txt):"
  grep -E '^(Total|-? *[A-Z][A-Za-z ]+ \(reserved)' "$WORK/native-memory.txt" >&2 || true
fi
if [[ -n ${HISTOGRAM:-} ]]; then
  jcmd "$OPERATOR_PID" GC.class_histogram >"$WORK/class-histogram.txt" 2>&1 || true
  log "class histogram of the settled operator: $WORK/class-histogram.txt"
fi

# 7. Restart (issue 17): the operator stopped (TERM) and started again with every pipeline Ready.
# The new process must restate every pipeline's Ready (N reconciliations ending ready) with at
# most one DescribeStacks sweep per account/region and no change set.
stop "$OPERATOR_PID" operator
stop "$SAMPLER_PID" sampler
SAMPLER_PID=""
restart_at=$(date +%s.%N)
start_operator "$WORK/operator-restarted.log"
log "operator restarted: pid $OPERATOR_PID"
await_all 0.5 "restated Ready" restated_count
restart_s=$(seconds_since "$restart_at")
restart_describe_stacks=$(metric_sum datapipeline_aws_requests_total 'operation="DescribeStacks"')
restart_change_sets=$(metric_sum datapipeline_aws_requests_total 'operation="CreateChangeSet"')
# One sweep's pages, as the restart's single sweep measured them (its targeted reads included).
at_defaults=$(settled_model "$kept_stacks" "$restart_describe_stacks" "$role_sessions" "$dashboards" "$receive_per_h")
log "restart: $N Ready restated after $restart_s s (from the new process's start); AWS requests by operation:"
aws_requests by >&2

uptime
echo "RESULT n=$N ready_s=$ready_s requests_until_ready=$requests_until_ready settled_requests_per_pipeline_hour=$settled heap_peak_mib=$(( (heap_peak_kib + 1023) / 1024 )) rss_peak_mib=$(( (rss_peak_kib + 1023) / 1024 )) cpu_s=$cpu_s restart_s=$restart_s restart_describe_stacks=$restart_describe_stacks restart_change_sets=$restart_change_sets live_heap_mib=$(( (live_after_kib + 1023) / 1024 )) kib_per_pipeline=$kib_per_pipeline plans=$PLANS settled_at_defaults_per_pipeline_hour=$at_defaults aws=$AWS drain_s=$drain_s"
