#!/usr/bin/env bash
# Removes what deploy.sh created. By default only the buylist namespace (every workload, Service, Secret,
# PersistentVolumeClaim, ScaledObject and HPA of BuyList); KEDA and minikube stay unless asked.
#
#   ./deploy/cleanup.sh [options]
#
#   --profile NAME    minikube profile (default: $MINIKUBE_PROFILE or "minikube")
#   --keda            also uninstall KEDA (its namespace and CRDs)
#   --images          also remove the buylist/* images from minikube
#   --secrets         also delete the generated secret files (deploy/k8s/secrets/.*.secrets)
#   --stop            stop minikube afterwards
#   --delete-cluster  delete the minikube profile altogether (implies everything above)
#   -h, --help        this text
set -euo pipefail

# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

keda=false
images=false
secrets=false
stop=false
delete_cluster=false
option() {
  case "$1" in
    --keda | --images | --secrets | --stop | --delete-cluster) flag "$1" ;;
    --profile) text "$@" PROFILE ;;
  esac
}
parse_options "$@"
if $delete_cluster; then secrets=true; fi

has minikube || die "minikube is not installed: nothing of deploy.sh's can be running"
needs_kubectl

remove_secret_files() {
  if $secrets; then
    rm -f "$DEPLOY_DIR"/k8s/secrets/.*.secrets
    ok "removed deploy/k8s/secrets/.*.secrets"
  fi
}

if $delete_cluster; then
  step "Deleting minikube profile '$PROFILE'"
  mk delete
  remove_secret_files
  exit 0
fi

if ! minikube_running; then
  warn "minikube profile '$PROFILE' is not running: nothing removed from a cluster"
  remove_secret_files
  exit 0
fi

step "Namespace $NAMESPACE"
if k get namespace "$NAMESPACE" >/dev/null 2>&1; then
  # ScaledObjects carry a finalizer that only a running KEDA operator removes: without it, the namespace would
  # stay Terminating for ever.
  if ! k -n keda get deployment keda-operator >/dev/null 2>&1 ||
    [[ "$(k -n keda get deployment keda-operator -o jsonpath='{.status.availableReplicas}')" != 1 ]]; then
    for so in $(k -n "$NAMESPACE" get scaledobjects.keda.sh -o name 2>/dev/null || true); do
      k -n "$NAMESPACE" patch "$so" --type merge -p '{"metadata":{"finalizers":null}}' >/dev/null
    done
  fi
  k delete namespace "$NAMESPACE" --wait=true --timeout=300s
  ok "deleted (with its PersistentVolumeClaims: Kafka's and MongoDB's data are gone)"
else
  ok "not there"
fi

if $keda; then
  step "KEDA $KEDA_VERSION"
  k delete --ignore-not-found -f "$KEDA_MANIFEST_URL" >/dev/null
  ok "uninstalled"
fi

if $images; then
  step "Images"
  for app in facing management web; do
    mk image rm "buylist/$app:local" >/dev/null 2>&1 || true
  done
  ok "buylist/{facing,management,web}:local removed from minikube"
fi

remove_secret_files

if $stop; then
  step "Stopping minikube"
  mk stop
else
  info "minikube '$PROFILE' keeps running (--stop stops it, --delete-cluster deletes it)."
fi
