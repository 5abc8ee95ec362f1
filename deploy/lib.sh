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

minikube_running() {
  [[ "$(mk status --format '{{.Host}}/{{.APIServer}}' 2>/dev/null || true)" == "Running/Running" ]]
}
