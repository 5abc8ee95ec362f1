# shellcheck shell=bash
# Shared by deploy.sh, cleanup.sh, load.sh, e2e.sh, secrets.sh and images.sh (sourced, not run).
# shellcheck disable=SC2034 # the variables are used by the scripts that source this file

DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$DEPLOY_DIR/.." && pwd)"
NAMESPACE=buylist
# Pinned KEDA release (server-side applied from its release manifest). Override with KEDA_VERSION=x.y.z.
KEDA_VERSION=${KEDA_VERSION:-2.18.2}
KEDA_MANIFEST_URL="https://github.com/kedacore/keda/releases/download/v${KEDA_VERSION}/keda-${KEDA_VERSION}.yaml"
# minikube profile; kubectl is always called with the context of that name (minikube creates it).
PROFILE=${MINIKUBE_PROFILE:-minikube}

if [[ -t 1 ]]; then
  _bold=$'\033[1m' _red=$'\033[31m' _yellow=$'\033[33m' _green=$'\033[32m' _reset=$'\033[0m'
else
  _bold='' _red='' _yellow='' _green='' _reset=''
fi

step() { printf '\n%s==> %s%s\n' "$_bold" "$*" "$_reset"; }
info() { printf '    %s\n' "$*"; }
ok() { printf '    %s%s%s\n' "$_green" "$*" "$_reset"; }
warn() { printf '%swarning:%s %s\n' "$_yellow" "$_reset" "$*" >&2; }
die() {
  printf '%serror:%s %s\n' "$_red" "$_reset" "$*" >&2
  exit 1
}

has() { command -v "$1" >/dev/null 2>&1; }

needs_kubectl() { has kubectl || die "kubectl is not installed: https://kubernetes.io/docs/tasks/tools/"; }

# usage: the running script's header comment, from the line after #! to the first line that is not a comment.
usage() { awk 'NR > 1 { if (!/^#/) exit; sub(/^# ?/, ""); print }' "$0"; }

# parse_options ARG...: the argument loop of every script. -h/--help prints usage; any other argument goes to the
# script's own `option NAME NEXT`, which takes it with one of `flag`, `number` or `text` below. Each sets the variable
# named after the option (--dry-run sets dry_run) unless given another. An argument none of them takes stops the script.
parse_options() {
  while [[ $# -gt 0 ]]; do
    if [[ "$1" == -h || "$1" == --help ]]; then
      usage
      exit 0
    fi
    _took=0
    option "$1" "${2:-}"
    ((_took > 0)) || die "unknown argument '$1' (see --help)"
    shift "$_took"
  done
}

_option_variable() {
  local name=${1#--}
  printf '%s' "${name//-/_}"
}

# flag OPTION: sets its variable to true.
flag() {
  printf -v "$(_option_variable "$1")" true
  _took=1
}

# number OPTION VALUE: sets its variable to VALUE, or stops when VALUE is not a positive whole number.
number() {
  [[ "$2" =~ ^[1-9][0-9]*$ ]] || die "$1 needs a positive whole number, not '$2'"
  printf -v "$(_option_variable "$1")" '%s' "$2"
  _took=2
}

# text OPTION VALUE [VARIABLE]: sets VARIABLE (by default its own) to VALUE, or stops when VALUE is empty.
text() {
  [[ -n "$2" ]] || die "$1 needs a value"
  printf -v "${3:-$(_option_variable "$1")}" '%s' "$2"
  _took=2
}

# kubectl against the minikube profile's context, whatever the current context is.
k() { kubectl --context "$PROFILE" "$@"; }
mk() { minikube --profile "$PROFILE" "$@"; }

# The consumer lag of purchase-group per partition, from Kafka's own tool inside the broker pod. The tool is a second
# JVM in the broker's container: with the broker's KAFKA_HEAP_OPTS (256 MiB in minikube) it could take the pod past
# its 640 MiB limit and get the broker OOM-killed, so it runs with a small heap and a lean JVM of its own.
KAFKA_TOOL_ENV=(KAFKA_HEAP_OPTS=-Xmx64m "KAFKA_JVM_PERFORMANCE_OPTS=-XX:+UseSerialGC -XX:TieredStopAtLevel=1")
consumer_lag() {
  k -n "$NAMESPACE" exec kafka-0 -c kafka -- env "${KAFKA_TOOL_ENV[@]}" \
    /opt/kafka/bin/kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group purchase-group
}

# The two checks below read a whole listing before searching it: `producer | grep -q` under pipefail fails when grep
# stops at its match and the producer, still writing, dies of SIGPIPE.

# Whether a CNI that enforces NetworkPolicies runs in the cluster.
policy_cni_running() {
  local pods
  pods=$(k get pods -A -o jsonpath='{.items[*].metadata.name}') || return 1
  grep -Eq '(^| )(calico-node|cilium|antrea-agent|kube-router|weave-net)' <<<"$pods"
}

# image_in_minikube APP: whether buylist/APP:local is in minikube's image store.
image_in_minikube() {
  local images
  images=$(mk image ls --format short 2>/dev/null) || return 1
  grep -Eq "(^|/)buylist/$1:local$" <<<"$images"
}

minikube_running() {
  [[ "$(mk status --format '{{.Host}}/{{.APIServer}}' 2>/dev/null || true)" == "Running/Running" ]]
}

# The SDK global.json asks for, as "<version> <rollForward>" (rollForward defaults to latestPatch, as in the SDK).
global_json_sdk() {
  local version roll
  version=$(sed -n 's/.*"version"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$1" | head -n 1)
  roll=$(sed -n 's/.*"rollForward"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$1" | head -n 1)
  printf '%s %s' "$version" "${roll:-latestPatch}"
}

# sdk_satisfies REQUIRED ROLLFORWARD CANDIDATE: whether the SDK version CANDIDATE builds a repository whose
# global.json asks for REQUIRED with ROLLFORWARD (the SDK's rules: learn.microsoft.com/dotnet/core/tools/global-json).
sdk_satisfies() {
  local rmaj rmin rpat cmaj cmin cpat
  IFS=. read -r rmaj rmin rpat <<<"${1%%-*}"
  IFS=. read -r cmaj cmin cpat <<<"${3%%-*}"
  [[ "$rmaj.$rmin.$rpat.$cmaj.$cmin.$cpat" =~ ^[0-9]+(\.[0-9]+){5}$ ]] || return 1
  # The third field is the feature band (hundreds) and the patch: 401 is band 4, patch 1.
  local required=$((10#$rmaj * 1000000 + 10#$rmin * 10000 + 10#$rpat))
  local candidate=$((10#$cmaj * 1000000 + 10#$cmin * 10000 + 10#$cpat))
  ((candidate >= required)) || return 1
  case "$2" in
    disable) ((candidate == required)) ;;
    patch | latestPatch) ((10#$cmaj == 10#$rmaj && 10#$cmin == 10#$rmin && 10#$cpat / 100 == 10#$rpat / 100)) ;;
    feature | latestFeature) ((10#$cmaj == 10#$rmaj && 10#$cmin == 10#$rmin)) ;;
    minor | latestMinor) ((10#$cmaj == 10#$rmaj)) ;;
    major | latestMajor) true ;;
    *) return 1 ;;
  esac
}

# check_dotnet_sdk GLOBAL_JSON: whether an installed SDK satisfies GLOBAL_JSON; says what is needed when none does.
check_dotnet_sdk() {
  local required policy installed sdk
  read -r required policy <<<"$(global_json_sdk "$1")"
  installed=$(dotnet --list-sdks 2>/dev/null | awk '{print $1}')
  for sdk in $installed; do
    if sdk_satisfies "$required" "$policy" "$sdk"; then
      return 0
    fi
  done
  warn "$(basename "$1") asks for the .NET SDK $required (rollForward $policy); installed: ${installed//$'\n'/ }${installed:+. }Install it: https://dot.net/download"
  return 1
}

# publish_image PROJECT REPOSITORY RID [PROPERTY...]: builds PROJECT into the container image REPOSITORY:local with
# dotnet publish (no Dockerfile). On failure shows the build's errors (or the end of its output) and where the whole log is.
publish_image() {
  local log
  log=$(mktemp "${TMPDIR:-/tmp}/buylist-publish.XXXXXX")
  if dotnet publish "$1" -c Release -r "$3" --nologo -t:PublishContainer \
    -p:ContainerRepository="$2" -p:ContainerImageTag=local "${@:4}" >"$log" 2>&1; then
    rm -f "$log"
    return 0
  fi
  local errors
  # MSBuild repeats each error in its summary: show each once.
  errors=$(grep -E ': error [A-Z]*[0-9]*:|^error|[Ee]rror:' "$log" | awk '!seen[$0]++' | head -n 40) || true
  {
    printf '%sdotnet publish %s failed:%s\n' "$_red" "$(basename "$1")" "$_reset"
    if [[ -n "$errors" ]]; then
      printf '%s\n' "$errors"
    else
      tail -n 40 "$log"
    fi
  } >&2
  die "building $2:local failed (whole output: $log)"
}

# The replica count a Deployment asks for (not how many are ready).
replicas_of() { k -n "$NAMESPACE" get deployment "$1" -o jsonpath='{.spec.replicas}'; }

# For a log line: LOG-END-OFFSET minus the committed offset over the partitions the group has committed on (the tool
# lists no others; KEDA counts those from their start).
total_lag() {
  consumer_lag 2>/dev/null | awk '$2 == "purchases" && $5 ~ /^[0-9]+$/ { lag += $5 - ($4 ~ /^[0-9]+$/ ? $4 : 0) } END { print lag + 0 }'
}

# listed_purchases FACING USERS: the purchases FACING lists for the load's users load-0 ... load-(USERS-1), every page
# of each; fails when a request does.
listed_purchases() {
  local facing=$1 users=$2 total=0 u url cursor headers body
  headers=$(mktemp)
  for ((u = 0; u < users; u++)); do
    cursor=''
    while :; do
      url="$facing/getAllUserBuys/load-$u?limit=500${cursor:+&before=$cursor}"
      body=$(curl -fsS --max-time 10 -D "$headers" "$url") || {
        rm -f "$headers"
        return 1
      }
      total=$((total + $(grep -o '"id":' <<<"$body" | wc -l)))
      cursor=$(tr -d '\r' <"$headers" | sed -n 's/^[Xx]-[Nn]ext-[Cc]ursor:[[:space:]]*//p')
      [[ -n "$cursor" ]] || break
    done
  done
  rm -f "$headers"
  printf '%s' "$total"
}

# The waits below outlast a failed call: right after KEDA scales management, or while a Deployment restarts, a listing
# can answer 503 (a replica asked for is not a replica ready), and kubectl can time out. A failure is retried until
# the wait's own deadline; under `set -e` it would otherwise end the script at once.

# wait_listed FACING USERS BEFORE EXPECTED TIMEOUT: waits until EXPECTED purchases more than BEFORE are listed, or
# stops after TIMEOUT seconds; LISTED is how many more are listed.
wait_listed() {
  local facing=$1 users=$2 before=$3 expected=$4 timeout=$5 deadline total
  deadline=$((SECONDS + timeout))
  LISTED=0
  while :; do
    if total=$(listed_purchases "$facing" "$users"); then
      LISTED=$((total - before))
      ((LISTED >= expected)) && return 0
      info "$(date +%T) $LISTED of $expected listed; lag $(total_lag)"
    else
      info "$(date +%T) listing failed; retrying"
    fi
    ((SECONDS < deadline)) || die "$LISTED of $expected purchases listed back after $timeout s"
    sleep 10
  done
}

# wait_scaled_out DEPLOYMENT TIMEOUT: waits until DEPLOYMENT asks for more than 1 replica; MOST is the most seen.
wait_scaled_out() {
  local deadline now
  deadline=$((SECONDS + $2))
  MOST=0
  while ((SECONDS < deadline)); do
    if now=$(replicas_of "$1") && [[ "$now" =~ ^[0-9]+$ ]] && ((now > MOST)); then
      MOST=$now
      info "$(date +%T) $1: $now replica(s), lag $(total_lag)"
    fi
    ((MOST > 1)) && return 0
    sleep 5
  done
  return 1
}

# wait_scaled_in DEPLOYMENT TIMEOUT: waits until DEPLOYMENT is back to 1 replica, or stops after TIMEOUT seconds.
wait_scaled_in() {
  local deadline now=''
  deadline=$((SECONDS + $2))
  until now=$(replicas_of "$1") && [[ "$now" =~ ^[0-9]+$ ]] && ((now <= 1)); do
    ((SECONDS < deadline)) || die "$1 still asks for ${now:-?} replicas $2 s after the lag was consumed"
    sleep 15
  done
}
