#!/usr/bin/env bash
# Operator high availability (issue 17, "HA"): two replicas with leader election, the leader killed.
#
#   ./mvnw -q -DskipTests package        # the README's build, once
#   bench/operator-ha.sh [PIPELINES]     # from the repository root (default 1 pipeline)
#
# Starts the sandbox with --external-operator (moto_server, the Kubernetes API stand-in serving
# the Lease, PostgreSQL) and runs the drill (sandbox's ha.LeaderElectionDrill): operator replicas
# as their own JVMs (sandbox's MotoAdaptedOperator, leader election on, each behind its own AWS
# request tap in front of moto) go through
#   1. kill -9 of the leader mid-deploy (its first ExecuteChangeSet held: change set created, not
#      executed), the standby finishing the deploy;
#   2. kill -9 of the leader with every pipeline Ready, a new standby taking over;
#   3. SIGTERM to the leader (a rolling update), a new standby taking over.
# It measures the time from each kill/SIGTERM to the next replica's lease acquireTime, and counts
# CreateChangeSet/ExecuteChangeSet per stack over every replica (the taps survive kill -9, the
# replicas' own metrics do not). The last line printed is
#   RESULT takeover_s=<s> lease_duration_s=<s> graceful_handover_s=<s> duplicate_change_sets=<n>
# takeover_s is the worse of the two kill -9 takeovers. See docs/benchmarks.md. Numbers only mean
# something on a quiet machine (`uptime` below 1): the script prints it at start and end.
#
# Environment: LEADER_ELECTION_LEASE_DURATION, LEADER_ELECTION_RENEW_DEADLINE,
# LEADER_ELECTION_RETRY_PERIOD (the operator's defaults 15s/10s/2s when unset),
# READY_TIMEOUT_S (default 600), KEEP_WORK=1 keeps the temp dir (the replicas' logs).
set -euo pipefail

usage() { echo "usage: bench/operator-ha.sh [PIPELINES]   (from the repository root)" >&2; exit 2; }
[[ $# -le 1 ]] || usage
PIPELINES=${1:-1}
[[ $PIPELINES =~ ^[1-9][0-9]*$ ]] || usage
READY_TIMEOUT_S=${READY_TIMEOUT_S:-600}
SANDBOX_JAR=sandbox/target/datapipeline-sandbox.jar
EXAMPLE=sandbox/examples/weather.yaml
for f in "$SANDBOX_JAR" "$EXAMPLE"; do
  [[ -f $f ]] || { echo "missing $f: run from the repository root after ./mvnw -q -DskipTests package" >&2; exit 2; }
done
command -v java >/dev/null || { echo "missing java on PATH" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/operator-ha.XXXXXX")
SANDBOX_PID=""
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n $SANDBOX_PID ]] && kill -0 "$SANDBOX_PID" 2>/dev/null; then
    kill -TERM "$SANDBOX_PID" 2>/dev/null || true  # its shutdown hook stops moto and PostgreSQL
    for _ in $(seq 60); do kill -0 "$SANDBOX_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$SANDBOX_PID" 2>/dev/null || true
  fi
  wait 2>/dev/null || true
  if [[ $rc -ne 0 ]]; then
    log "failed (exit $rc); logs in $WORK"
    [[ -f $WORK/sandbox.log ]] && { echo "--- tail $WORK/sandbox.log" >&2; tail -n 20 "$WORK/sandbox.log" >&2; }
    uptime >&2
  fi
  if [[ ${KEEP_WORK:-} == 1 || $rc -ne 0 ]]; then log "work dir kept: $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

uptime
log "pipelines=$PIPELINES work dir $WORK"
# The sandbox writes its state file once everything in it runs; the drill reads the endpoints there.
java -jar "$SANDBOX_JAR" --external-operator --work-dir "$WORK/sandbox" --state-file "$WORK/state.json" \
  >"$WORK/sandbox.log" 2>&1 & SANDBOX_PID=$!
log "sandbox pid $SANDBOX_PID"
deadline=$(( $(date +%s) + 180 ))
until grep -qs "The operator is not running (--external-operator)" "$WORK/sandbox.log"; do
  if ! kill -0 "$SANDBOX_PID" 2>/dev/null || (( $(date +%s) > deadline )); then
    log "the sandbox did not come up (exited, or not within 180 s)"; exit 1
  fi
  sleep 0.5
done

java -cp "$SANDBOX_JAR" io.datapipeline.sandbox.ha.LeaderElectionDrill \
  --state-file "$WORK/state.json" --jar "$SANDBOX_JAR" --manifest "$EXAMPLE" \
  --pipelines "$PIPELINES" --log-dir "$WORK/replicas" --ready-timeout-s "$READY_TIMEOUT_S" \
  >"$WORK/result.txt"
result=$(tail -n 1 "$WORK/result.txt")
[[ $result == RESULT\ * ]] || { log "the drill printed no RESULT line"; exit 1; }
uptime
echo "$result"
