#!/usr/bin/env bash
# Drives purchases through Facing (POST /buy) at a chosen rate, from a Job inside the cluster, so that you can
# watch facing scale on its request rate and management scale out on the consumer lag, and back in afterwards.
#
#   ./deploy/load.sh [options]
#
#   --rate N          requests per second (default 200)
#   --duration S      seconds (default 300)
#   --users N         distinct user ids, spread over the 6 partitions by key (default 1000)
#   --detach          start the Job and return; do not follow its log
#   --dry-run         print the Job manifest and exit (nothing is created)
#   --stop            delete every load Job (stops a running load)
#   --lag             print the consumer lag of purchase-group per partition and exit
#   --profile NAME    minikube profile (default: $MINIKUBE_PROFILE or "minikube")
#   -h, --help        this text
#
# Watch it in another terminal:
#   kubectl get scaledobject,hpa -n buylist -w
#   ./deploy/load.sh --lag     (Kafka's consumer-groups tool in the broker pod, with a small heap of its own)
set -euo pipefail

# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

LOAD_IMAGE=docker.io/curlimages/curl:8.16.0
rate=200
duration=300
users=1000
detach=false
dry_run=false
stop=false
lag=false

option() {
  case "$1" in
    --rate | --duration | --users) number "$@" ;;
    --detach | --dry-run | --stop | --lag) flag "$1" ;;
    --profile) text "$@" PROFILE ;;
  esac
}
parse_options "$@"

job_name="load-$(date +%Y%m%d-%H%M%S)"

# The Job: curl with --rate, one worker per 50 requests/s, in rounds of up to 10 s that each print a summary of
# the status codes. Runs under the namespace's `restricted` Pod Security level like everything else.
job_manifest() {
  cat <<EOF
apiVersion: batch/v1
kind: Job
metadata:
  name: $job_name
  namespace: $NAMESPACE
  labels:
    app: load-generator
    app.kubernetes.io/part-of: buylist
spec:
  backoffLimit: 0
  activeDeadlineSeconds: $((duration + 300))
  ttlSecondsAfterFinished: 3600
  template:
    metadata:
      labels:
        app: load-generator
    spec:
      restartPolicy: Never
      automountServiceAccountToken: false
      # Addresses come from the ConfigMaps and DNS, not Docker-link variables.
      enableServiceLinks: false
      securityContext:
        runAsNonRoot: true
        runAsUser: 100
        runAsGroup: 101
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: load
          image: $LOAD_IMAGE
          imagePullPolicy: IfNotPresent
          env:
            - name: TARGET
              value: http://facing:8080/buy
            - name: RATE
              value: "$rate"
            - name: DURATION
              value: "$duration"
            - name: USERS
              value: "$users"
          command: ["/bin/sh", "-c"]
          args:
            - |
              set -eu
              workers=\$(( (RATE + 49) / 50 ))
              per=\$(( RATE / workers ))
              [ "\$per" -ge 1 ] || per=1
              echo "load: \$((per * workers))/s for \${DURATION}s, \${USERS} users, \${workers} worker(s) -> \$TARGET"
              elapsed=0; sent=0; created=0
              while [ "\$elapsed" -lt "\$DURATION" ]; do
                round=\$(( DURATION - elapsed )); [ "\$round" -le 10 ] || round=10
                w=0
                while [ "\$w" -lt "\$workers" ]; do
                  i=0; n=\$(( per * round ))
                  while [ "\$i" -lt "\$n" ]; do
                    u=\$(( ((elapsed * per + i) * workers + w) % USERS ))
                    printf 'url = "%s"\nrequest = "POST"\nheader = "Content-Type: application/json"\ndata = "{\\\\"username\\\\":\\\\"load user %s\\\\",\\\\"userid\\\\":\\\\"load-%s\\\\",\\\\"price\\\\":%s.99}"\noutput = "/dev/null"\nwrite-out = "%%{http_code}\\\\n"\nnext\n' "\$TARGET" "\$u" "\$u" "\$(( i % 200 + 1 ))"
                    i=\$((i + 1))
                  done > "/tmp/worker-\$w.cfg"
                  curl --silent --rate "\${per}/s" --max-time 10 --config "/tmp/worker-\$w.cfg" > "/tmp/codes-\$w" 2>/dev/null &
                  w=\$((w + 1))
                done
                wait || true
                elapsed=\$((elapsed + round))
                summary=\$(cat /tmp/codes-* | sort | uniq -c | awk '{printf "%s x%s  ", \$2, \$1}')
                sent=\$((sent + \$(cat /tmp/codes-* | wc -l)))
                created=\$((created + \$(grep -c '^201\$' /tmp/codes-* | awk -F: '{s += \$NF} END {print s + 0}')))
                echo "\${elapsed}s: \$summary"
              done
              echo "done: \$sent requests, \$created purchases recorded (201)"
          resources:
            requests:
              cpu: 50m
              memory: 32Mi
            limits:
              cpu: 500m
              memory: 128Mi
          securityContext:
            runAsNonRoot: true
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop:
                - ALL
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: 64Mi
EOF
}

if $dry_run; then
  job_manifest
  exit 0
fi

needs_kubectl

if $lag; then
  consumer_lag
  exit 0
fi

if $stop; then
  k -n "$NAMESPACE" delete jobs -l app=load-generator --ignore-not-found
  exit 0
fi

k -n "$NAMESPACE" get deployment facing >/dev/null 2>&1 ||
  die "no BuyList in namespace '$NAMESPACE' of context '$PROFILE': run ./deploy/deploy.sh first"

job_manifest | k create -f - >/dev/null
step "Job $job_name: $rate purchases/s for ${duration}s over $users users"
cat <<EOF
    Watch the autoscaling in another terminal:
      kubectl --context $PROFILE get scaledobject,hpa -n $NAMESPACE -w
      kubectl --context $PROFILE -n $NAMESPACE get pods -l 'app in (facing,management)' -w
    Consumer lag per partition:
      ./deploy/load.sh --lag
    Stop the load:  ./deploy/load.sh --stop
EOF

if $detach; then
  exit 0
fi

trap 'echo; info "Stopping the load"; k -n "$NAMESPACE" delete job "$job_name" --ignore-not-found >/dev/null; exit 130' INT
# `kubectl wait -l` fails at once when no pod matches yet (kubernetes/kubernetes#65868), as right after the create.
deadline=$((SECONDS + 180))
until [[ -n "$(k -n "$NAMESPACE" get pods -l "job-name=$job_name" -o name 2>/dev/null)" ]]; do
  ((SECONDS < deadline)) || die "the Job made no pod within 180 s: kubectl --context $PROFILE -n $NAMESPACE describe job $job_name"
  sleep 2
done
k -n "$NAMESPACE" wait --for=condition=Ready --timeout=180s pod -l "job-name=$job_name" >/dev/null ||
  die "the load pod did not start: kubectl --context $PROFILE -n $NAMESPACE describe job $job_name"
k -n "$NAMESPACE" logs -f "job/$job_name"
