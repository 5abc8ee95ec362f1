#!/usr/bin/env bash
# End-to-end check of a running deployment (after deploy.sh), as the e2e workflow runs it: purchases made through the
# facing Service with load.sh are all listed back, KEDA scales facing out on the request rate as far as its threshold
# asks at that rate, and management out on the consumer lag and back in.
#
# The lag is made certain, whatever the machine's speed: management is held at 0 replicas (KEDA's paused-replicas
# annotation) while load.sh sends the purchases, so the whole load waits in Kafka. Then KEDA is let go and must scale
# management above 1 replica on that lag, and back to 1 once it is consumed (5 min stabilisation, 1 pod a minute).
# Last, every Deployment (facing, management, web) is restarted, one after the other, during a second load: not one
# request may fail (the pods' preStop pause and drain), and its purchases are listed back too.
#
#   ./deploy/e2e.sh [options]
#
#   --rate N            purchases per second (default 100)
#   --duration S        seconds of load (default 120)
#   --users N           distinct user ids (default 60)
#   --facing URL        facing's address (default: the NodePort on the minikube node)
#   --scale-timeout S   seconds management may take to scale out once let go (default 300)
#   --settle-timeout S  seconds it may take to come back to 1 replica (default 900)
#   --restart-rate N    purchases per second during the restarts (default 20)
#   --restart-duration S  seconds of load during the restarts; must outlast the three rollouts (default 300)
#   --collect DIR       write what explains a failure (events, resources, pod logs) to DIR, and exit
#   --profile NAME      minikube profile (default: $MINIKUBE_PROFILE or "minikube")
#   -h, --help          this text
set -euo pipefail

# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PAUSE_ANNOTATION=autoscaling.keda.sh/paused-replicas
rate=100
duration=120
users=60
facing=''
scale_timeout=300
settle_timeout=900
restart_rate=20
restart_duration=300
collect=''

option() {
  case "$1" in
    --rate | --duration | --users | --scale-timeout | --settle-timeout | --restart-rate | --restart-duration) number "$@" ;;
    --facing | --collect) text "$@" ;;
    --profile) text "$@" PROFILE ;;
  esac
}
parse_options "$@"

needs_kubectl

collect_diagnostics() {
  local dir=$1 pod
  mkdir -p "$dir"
  k get events -A --sort-by=.lastTimestamp >"$dir/events.txt" 2>&1 || true
  k -n "$NAMESPACE" get all,scaledobject,hpa,pdb,configmap,pvc,networkpolicy -o wide >"$dir/resources.txt" 2>&1 || true
  k -n "$NAMESPACE" describe pods >"$dir/pods.txt" 2>&1 || true
  k -n "$NAMESPACE" describe scaledobject,hpa >"$dir/autoscaling.txt" 2>&1 || true
  for pod in $(k -n "$NAMESPACE" get pods -o name 2>/dev/null); do
    k -n "$NAMESPACE" logs "$pod" --all-containers --prefix --timestamps >"$dir/logs-${pod#pod/}.txt" 2>&1 || true
    k -n "$NAMESPACE" logs "$pod" --all-containers --prefix --timestamps --previous >"$dir/logs-${pod#pod/}-previous.txt" 2>/dev/null ||
      rm -f "$dir/logs-${pod#pod/}-previous.txt"
  done
  k -n keda logs deployment/keda-operator --timestamps >"$dir/keda-operator.txt" 2>&1 || true
  consumer_lag >"$dir/consumer-lag.txt" 2>&1 || true
  if has minikube; then mk logs --length 500 >"$dir/minikube.txt" 2>&1 || true; fi
  ok "diagnostics in $dir"
}

if [[ -n "$collect" ]]; then
  collect_diagnostics "$collect"
  exit 0
fi

k -n "$NAMESPACE" get deployment facing management >/dev/null 2>&1 ||
  die "no BuyList in namespace '$NAMESPACE' of context '$PROFILE': run ./deploy/deploy.sh first"
if [[ -z "$facing" ]]; then
  facing="http://$(mk ip):$(k -n "$NAMESPACE" get service facing -o jsonpath='{.spec.ports[0].nodePort}')"
fi

step "Facing at $facing"
before=$(listed_purchases "$facing" "$users") || die "GET $facing/getAllUserBuys/... failed: is facing reachable from here? (--facing URL)"
ok "$before purchases already listed for users load-0 ... load-$((users - 1))"

step "Holding management at 0 replicas ($PAUSE_ANNOTATION=0)"
k -n "$NAMESPACE" annotate --overwrite scaledobject management "$PAUSE_ANNOTATION=0" >/dev/null
deadline=$((SECONDS + 180))
while [[ "$(replicas_of management)" != 0 || -n "$(k -n "$NAMESPACE" get pods -l app=management -o name)" ]]; do
  ((SECONDS < deadline)) || die "management still runs 180 s after $PAUSE_ANNOTATION=0"
  sleep 5
done
ok "no management pod runs: the purchases wait in Kafka"

step "Load: $rate purchases/s for ${duration}s over $users users (load.sh)"
log=$(mktemp)
"$DEPLOY_DIR/load.sh" --profile "$PROFILE" --rate "$rate" --duration "$duration" --users "$users" | tee "$log"
recorded=$(sed -n 's/^done: [0-9]* requests, \([0-9]*\) purchases recorded (201)$/\1/p' "$log" | tail -n 1)
rm -f "$log"
[[ "$recorded" =~ ^[1-9][0-9]*$ ]] || die "load.sh reported no recorded purchase"

# KEDA asks for ceil(rate / threshold) facing replicas, within its minimum and maximum, from the rate of the last
# minute, and keeps them 3 minutes after the load (scale-down stabilisation): they are there now, or within a minute.
read -r facing_threshold facing_min facing_max <<<"$(k -n "$NAMESPACE" get scaledobject facing \
  -o jsonpath='{.spec.triggers[0].metadata.threshold} {.spec.minReplicaCount} {.spec.maxReplicaCount}')"
achieved=$((recorded / duration))
facing_expected=$(((achieved + facing_threshold - 1) / facing_threshold))
((facing_expected <= facing_max)) || facing_expected=$facing_max
if ((facing_expected > facing_min)); then
  deadline=$((SECONDS + 60))
  until now=$(replicas_of facing) && [[ "$now" =~ ^[0-9]+$ ]] && ((now >= facing_expected)); do
    ((SECONDS < deadline)) || die "facing has ${now:-?} replicas after ${achieved}/s for ${duration}s; its threshold of $facing_threshold/s per replica asks for $facing_expected"
    sleep 5
  done
  ok "KEDA scaled facing to $now replicas at ${achieved}/s ($facing_threshold/s per replica)"
else
  info "at ${achieved}/s facing's threshold of $facing_threshold/s per replica asks for no more than its $facing_min replicas"
fi
# No consumer ran meanwhile: every recorded purchase is lag.
threshold=$(k -n "$NAMESPACE" get scaledobject management -o jsonpath='{.spec.triggers[0].metadata.lagThreshold}')
info "$recorded purchases recorded and waiting; KEDA's target lag is $threshold per replica"
((recorded > 2 * threshold)) || die "a lag of $recorded does not call for more than one replica: raise --rate or --duration"

step "Letting KEDA scale management on the lag"
k -n "$NAMESPACE" annotate scaledobject management "$PAUSE_ANNOTATION-" >/dev/null
wait_scaled_out management "$scale_timeout" ||
  die "KEDA did not scale management above 1 replica within ${scale_timeout}s (lag $(total_lag))"
ok "KEDA scaled management to $MOST replicas while the lag was high"

step "Every recorded purchase is listed back"
wait_listed "$facing" "$users" "$before" "$recorded" 300
((LISTED == recorded)) ||
  die "$LISTED purchases listed back for $recorded answered 201: one was stored twice, or a request that timed out at the client was recorded"
ok "all $recorded purchases listed back"

step "management back to 1 replica once the lag is gone"
wait_scaled_in management "$settle_timeout"
ok "management is back to 1 replica"

step "Restarts under load: facing, management and web restarted while load.sh sends $restart_rate purchases/s"
log=$(mktemp)
"$DEPLOY_DIR/load.sh" --profile "$PROFILE" --rate "$restart_rate" --duration "$restart_duration" --users "$users" >"$log" 2>&1 &
load_pid=$!
deadline=$((SECONDS + 180))
until grep -q '^load: ' "$log"; do
  kill -0 "$load_pid" 2>/dev/null || die "load.sh ended before the load started: $(cat "$log")"
  ((SECONDS < deadline)) || die "the load did not start within 180 s"
  sleep 2
done
for deployment in facing management web; do
  k -n "$NAMESPACE" rollout restart deployment "$deployment" >/dev/null
  k -n "$NAMESPACE" rollout status deployment "$deployment" --timeout=300s >/dev/null ||
    die "deployment/$deployment did not finish its restart within 300 s"
  info "$(date +%T) $deployment restarted"
done
kill -0 "$load_pid" 2>/dev/null || die "the load ended before every restart finished: raise --restart-duration"
wait "$load_pid" || die "load.sh failed: $(cat "$log")"
cat "$log"
summary=$(sed -n 's/^done: \([0-9]*\) requests, \([0-9]*\) purchases recorded (201)$/\1 \2/p' "$log" | tail -n 1)
rm -f "$log"
read -r sent answered <<<"$summary"
[[ "${sent:-0}" =~ ^[1-9][0-9]*$ ]] || die "load.sh reported no request during the restarts"
failed=$((sent - answered))
((failed == 0)) || die "$failed of $sent requests failed while the Deployments restarted (any answer but 201, 000 = no connection)"
ok "0 failed of $sent requests during the restarts"

step "The purchases of the restarts are listed back"
wait_listed "$facing" "$users" "$before" "$((recorded + answered))" 300
((LISTED == recorded + answered)) || die "$LISTED purchases listed back for $((recorded + answered)) answered 201"
ok "all $((recorded + answered)) purchases listed back"
