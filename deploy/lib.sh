# shellcheck shell=bash
# Shared by deploy.sh, cleanup.sh and load.sh (sourced, not run).
# shellcheck disable=SC2034 # the variables are used by the scripts that source this file

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

# publish_image PROJECT REPOSITORY RID: builds PROJECT into the container image REPOSITORY:local with dotnet publish
# (no Dockerfile). On failure shows the build's errors (or the end of its output) and where the whole log is.
publish_image() {
  local log
  log=$(mktemp "${TMPDIR:-/tmp}/buylist-publish.XXXXXX")
  if dotnet publish "$1" -c Release -r "$3" --nologo -t:PublishContainer \
    -p:ContainerRepository="$2" -p:ContainerImageTag=local >"$log" 2>&1; then
    rm -f "$log"
    return 0
  fi
  {
    printf '%sdotnet publish %s failed:%s\n' "$_red" "$(basename "$1")" "$_reset"
    # MSBuild repeats each error in its summary: show each once.
    if grep -E ': error [A-Z]*[0-9]*:|^error|[Ee]rror:' "$log" | awk '!seen[$0]++' | head -n 40 | grep .; then
      :
    else
      tail -n 40 "$log"
    fi
  } >&2
  die "building $2:local failed (whole output: $log)"
}
