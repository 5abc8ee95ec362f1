#!/usr/bin/env bash
# Deploys BuyList to minikube: web, facing, management, Kafka, MongoDB, Prometheus and the Aspire dashboard, with
# KEDA/HPA autoscaling. Idempotent: run it again after a change, or just to print the URLs.
#
#   ./deploy/deploy.sh [options]
#
#   --profile NAME    minikube profile (default: $MINIKUBE_PROFILE or "minikube")
#   --rebuild         build the images even when the sources did not change since the last deploy
#   --skip-build      never build; use the images already in minikube
#   --no-open         do not open the web page, print the URLs only
#   -h, --help        this text
#
# Environment: MINIKUBE_CPUS (2), MINIKUBE_MEMORY (4096, MB), MINIKUBE_CNI (calico: a CNI that enforces the
# NetworkPolicies), MINIKUBE_DRIVER (docker), KEDA_VERSION (pinned in lib.sh). They apply when this script starts
# minikube; an already running minikube is used as it is.
set -euo pipefail

# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

OVERLAY="$DEPLOY_DIR/k8s/overlays/minikube"
SECRETS_DIR="$DEPLOY_DIR/k8s/secrets"
APPS=(facing management web)
BUILD_ANNOTATION=buylist.example/build

MINIKUBE_CPUS=${MINIKUBE_CPUS:-2}
MINIKUBE_MEMORY=${MINIKUBE_MEMORY:-4096}
MINIKUBE_CNI=${MINIKUBE_CNI:-calico}
MINIKUBE_DRIVER=${MINIKUBE_DRIVER:-docker}

rebuild=false
skip_build=false
no_open=false
option() {
  case "$1" in
    --rebuild | --skip-build | --no-open) flag "$1" ;;
    --profile) text "$@" PROFILE ;;
  esac
}
parse_options "$@"

check_prerequisites() {
  step "Checking prerequisites"
  local missing=0
  if ! has docker; then
    warn "docker is not installed: https://docs.docker.com/engine/install/"
    missing=1
  elif ! docker info >/dev/null 2>&1; then
    warn "docker is installed but its daemon does not answer ('docker info' fails): start Docker, or add your user to the 'docker' group"
    missing=1
  fi
  if ! has minikube; then
    warn "minikube is not installed: https://minikube.sigs.k8s.io/docs/start/"
    missing=1
  fi
  if ! has kubectl; then
    warn "kubectl is not installed: https://kubernetes.io/docs/tasks/tools/ (or: alias kubectl='minikube kubectl --')"
    missing=1
  fi
  if ! has dotnet; then
    warn "the .NET SDK is not installed (the images are built with 'dotnet publish'): https://dot.net/download (SDK 10)"
    missing=1
  elif ! check_dotnet_sdk "$REPO_ROOT/global.json"; then
    missing=1
  fi
  [[ $missing -eq 0 ]] || die "install what is missing above, then run $0 again"
  ok "docker, minikube, kubectl and the .NET SDK global.json asks for are there"
}

start_minikube() {
  step "minikube (profile '$PROFILE')"
  if minikube_running; then
    ok "already running; used as it is"
  else
    info "starting: driver $MINIKUBE_DRIVER, $MINIKUBE_CPUS CPUs, $MINIKUBE_MEMORY MB, CNI $MINIKUBE_CNI"
    mk start --driver="$MINIKUBE_DRIVER" --cpus="$MINIKUBE_CPUS" --memory="$MINIKUBE_MEMORY" \
      --cni="$MINIKUBE_CNI" --container-runtime=docker
  fi
  # The HorizontalPodAutoscaler of web reads CPU from metrics-server.
  mk addons enable metrics-server >/dev/null
  ok "metrics-server addon enabled"
  if ! policy_cni_running; then
    warn "no CNI that enforces NetworkPolicy found (start minikube with --cni=calico): the policies are applied but not enforced"
  fi
}

install_keda() {
  step "KEDA $KEDA_VERSION"
  k apply --server-side --force-conflicts -f "$KEDA_MANIFEST_URL" >/dev/null
  k wait --for=condition=Established --timeout=120s crd/scaledobjects.keda.sh >/dev/null
  k -n keda wait --for=condition=Available --timeout=300s deployment --all >/dev/null
  # The HPAs KEDA creates read their metrics through this API service.
  k wait --for=condition=Available --timeout=180s apiservice/v1beta1.external.metrics.k8s.io >/dev/null
  ok "operator, metrics API server and admission webhooks are available"
}

# A tag for the sources the images are built from: the commit, plus a hash of uncommitted changes.
source_tag() {
  if git -C "$REPO_ROOT" rev-parse --verify HEAD >/dev/null 2>&1; then
    local commit changes
    commit=$(git -C "$REPO_ROOT" rev-parse --short=12 HEAD)
    changes=$(
      git -C "$REPO_ROOT" status --porcelain --untracked-files=all -- . ':!deploy'
      git -C "$REPO_ROOT" diff HEAD -- . ':!deploy'
    )
    if [[ -z "$changes" ]]; then
      printf '%s' "$commit"
    else
      printf '%s-dirty-%s' "$commit" "$(printf '%s' "$changes" | sha256sum | cut -c1-8)"
    fi
  else
    date +%Y%m%d%H%M%S
  fi
}

deployed_build() { k -n "$NAMESPACE" get deployment "$1" -o jsonpath="{.metadata.annotations.${BUILD_ANNOTATION//./\\.}}" 2>/dev/null || true; }

TAG=''
BUILT=false
build_images() {
  step "Images buylist/{facing,management,web}:local"
  TAG=$(source_tag)
  if $skip_build; then
    info "--skip-build: using the images already in minikube"
    return
  fi
  local app needed=$rebuild
  for app in "${APPS[@]}"; do
    if [[ "$(deployed_build "$app")" != "$TAG" ]] || ! image_in_minikube "$app"; then
      needed=true
    fi
  done
  if ! $needed; then
    ok "sources unchanged since the last deploy ($TAG): not rebuilt (--rebuild forces it)"
    return
  fi

  # Build straight into minikube's Docker engine when it has one; otherwise build locally and load the images.
  local mode=load env_script arch rid
  if env_script=$(mk docker-env --shell bash 2>/dev/null); then
    eval "$env_script"
    mode=docker-env
  fi
  arch=$(k get nodes -o jsonpath='{.items[0].status.nodeInfo.architecture}')
  case "$arch" in
    amd64) rid=linux-x64 ;;
    arm64) rid=linux-arm64 ;;
    *) die "unsupported node architecture '$arch'" ;;
  esac

  # Facing is Native AOT, which compiles only for the machine it runs on (Linux, the same architecture); elsewhere
  # (macOS, another architecture) it is published as the JIT build, as its .csproj's PublishAot=false would.
  local host_rid aot=()
  case "$(uname -s)/$(uname -m)" in
    Linux/x86_64) host_rid=linux-x64 ;;
    Linux/aarch64 | Linux/arm64) host_rid=linux-arm64 ;;
    *) host_rid=none ;;
  esac
  if [[ $host_rid != "$rid" ]]; then
    warn "this machine cannot compile Native AOT for $rid: Facing's image will be the JIT build"
    aot=(-p:PublishAot=false)
  fi

  for app in "${APPS[@]}"; do
    local project
    case "$app" in
      facing) project="$REPO_ROOT/BuyList.Facing/BuyList.Facing.csproj" ;;
      management) project="$REPO_ROOT/BuyList.Management/BuyList.Management.csproj" ;;
      web) project="$REPO_ROOT/BuyList.Web/BuyList.Web.csproj" ;;
    esac
    info "dotnet publish $(basename "$project") -> buylist/$app:local ($rid, $mode)"
    publish_image "$project" "buylist/$app" "$rid" ${aot[@]+"${aot[@]}"}
    if [[ $mode == load ]]; then
      mk image load "buylist/$app:local" >/dev/null
    fi
  done
  if [[ $mode == docker-env ]]; then
    eval "$(mk docker-env --shell bash --unset)"
  fi
  BUILT=true
  ok "built ($TAG)"
}

# Recovers the values of Secrets a running cluster already has into missing files, so that a lost file does not
# produce new credentials that an initialised MongoDB would refuse.
recover_secret() {
  local secret=$1 file=$2 keys key encoded
  [[ -s "$file" ]] && return 0
  # shellcheck disable=SC2016 # a Go template, not a shell expansion
  keys=$(k -n "$NAMESPACE" get secret "$secret" -o go-template='{{range $k, $v := .data}}{{$k}}{{"\n"}}{{end}}' 2>/dev/null) || return 0
  (
    umask 077
    for key in $keys; do
      encoded=$(k -n "$NAMESPACE" get secret "$secret" -o go-template="{{index .data \"$key\"}}")
      printf '%s=%s\n' "$key" "$(printf '%s' "$encoded" | base64 -d)"
    done >"$file"
  )
  info "recovered $(basename "$file") from Secret $secret in the cluster"
}

apply_manifests() {
  step "Secrets"
  recover_secret mongodb-root "$SECRETS_DIR/.mongodb.secrets"
  recover_secret aspire-dashboard-secrets "$SECRETS_DIR/.aspire-dashboard.secrets"
  "$DEPLOY_DIR/secrets.sh" --dir "$SECRETS_DIR"
  k apply -f "$DEPLOY_DIR/k8s/base/namespace.yaml" >/dev/null
  k apply -k "$SECRETS_DIR" >/dev/null
  ok "mongodb-root, management-secrets, aspire-dashboard-secrets (values in deploy/k8s/secrets/.*.secrets, gitignored)"

  step "kubectl apply -k deploy/k8s/overlays/minikube"
  local app existed=()
  for app in "${APPS[@]}"; do
    if k -n "$NAMESPACE" get deployment "$app" >/dev/null 2>&1; then existed+=("$app"); fi
  done
  k apply -k "$OVERLAY"

  # Same tag `local`, new image: restart the Deployments that ran an older build. The build is recorded on the
  # Deployment object (not the pod template), so recording it does not restart anything by itself.
  for app in "${APPS[@]}"; do
    if $BUILT && [[ " ${existed[*]:-} " == *" $app "* ]] && [[ "$(deployed_build "$app")" != "$TAG" ]]; then
      k -n "$NAMESPACE" rollout restart deployment "$app" >/dev/null
      info "restarted $app on the new build"
    fi
    if ! $skip_build; then
      k -n "$NAMESPACE" annotate --overwrite deployment "$app" "$BUILD_ANNOTATION=$TAG" >/dev/null
    fi
  done
}

wait_for_rollouts() {
  step "Waiting for the rollouts"
  local workload
  # Kafka and MongoDB first: the apps wait for them at start (topics, indexes) before they are of any use.
  for workload in statefulset/kafka statefulset/mongodb $(k -n "$NAMESPACE" get deployments -o name); do
    if ! k -n "$NAMESPACE" rollout status "$workload" --timeout=600s; then
      k -n "$NAMESPACE" get pods -o wide >&2 || true
      die "$workload did not become ready: see 'kubectl --context $PROFILE -n $NAMESPACE describe $workload' and its pods' logs"
    fi
  done
  if k -n "$NAMESPACE" wait --for=condition=Ready --timeout=180s scaledobject --all >/dev/null 2>&1; then
    ok "ScaledObjects ready"
  else
    warn "a ScaledObject is not Ready yet (KEDA reaches Kafka or Prometheus late on a first start): kubectl --context $PROFILE -n $NAMESPACE describe scaledobject"
  fi
}

print_access() {
  step "BuyList is running"
  local ip web_port facing_port token
  ip=$(mk ip)
  web_port=$(k -n "$NAMESPACE" get service web -o jsonpath='{.spec.ports[0].nodePort}')
  facing_port=$(k -n "$NAMESPACE" get service facing -o jsonpath='{.spec.ports[0].nodePort}')
  token=$(k -n "$NAMESPACE" get secret aspire-dashboard-secrets -o go-template='{{index .data "DASHBOARD__FRONTEND__BROWSERTOKEN"}}' | base64 -d)
  cat <<EOF

  Web (Blazor)       http://$ip:$web_port        (NodePort; or: minikube -p $PROFILE service web -n $NAMESPACE)
  Facing API         http://$ip:$facing_port/buy
  Where the node IP is not reachable (minikube's docker driver on macOS or Windows), port-forward instead:
    kubectl --context $PROFILE -n $NAMESPACE port-forward service/web 8080:8080          -> http://localhost:8080
    kubectl --context $PROFILE -n $NAMESPACE port-forward service/facing 8081:8080       -> http://localhost:8081/buy

  Aspire dashboard   kubectl --context $PROFILE -n $NAMESPACE port-forward service/aspire-dashboard 18888:18888
                     then open http://localhost:18888/login?t=$token
  Prometheus         kubectl --context $PROFILE -n $NAMESPACE port-forward service/prometheus 9090:9090
                     then open http://localhost:9090

  Autoscaling        kubectl --context $PROFILE get scaledobject,hpa -n $NAMESPACE -w
  Load               ./deploy/load.sh --rate 200 --duration 300
  Remove             ./deploy/cleanup.sh
EOF
}

open_web() {
  if $no_open; then return 0; fi
  if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}${BROWSER:-}" ]] || [[ "$(uname -s)" == Darwin ]]; then
    step "Opening the web page (minikube service web)"
    # On the docker driver of macOS/Windows this keeps a tunnel open until Ctrl-C.
    mk service web -n "$NAMESPACE"
  else
    info "No browser here: use the port-forward command above for the web page."
  fi
}

check_prerequisites
start_minikube
install_keda
build_images
apply_manifests
wait_for_rollouts
print_access
open_web
