# shellcheck shell=bash disable=SC2154 # sourced by bench/run.sh: its variables and lib.sh's
# bench/run.sh --capacity (sourced by run.sh, after lib.sh and its helpers): what one replica of Facing and of
# Management carries under the CPU and memory limits its pod gets, for each overlay in $capacity_overlays. The limits
# are read from the rendered overlay (kubectl kustomize), the latency SLO from deploy/k8s/base/prometheus/rules.yml,
# and emulated with cgroup v1 (as root): a CFS quota over Kubernetes' 100 ms period, and a memory limit. Only the
# service runs in the cgroup; the mock broker and wrk run outside it, as another pod and the clients would.
# - Facing (the Release build, then each --facing-build, e.g. a Native AOT publish): wrk's connections stepped up;
#   the highest requests/s of a step whose p99 met the SLO with no error; then bench/run.sh's soak (256 connections,
#   60 s; not with --smoke or --no-soak) and the working set's peak over it.
# - Management: the consumer draining events from a broker of its own into the in-memory store (the bench's
#   `consumer` role, warm drains), and what a MongoDB write per batch would make of it (BENCH_MONGO_WRITE_MS). Its
#   memory is an upper bound: that store keeps every purchase it drained, which MongoDB keeps instead.
# Prints a markdown table for deploy/README.md, and the thresholds at the headroom below.

command -v kubectl >/dev/null || { echo "kubectl is not installed: --capacity reads the limits from the rendered overlays" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "--capacity needs root: it creates cgroups under /sys/fs/cgroup" >&2; exit 1; }
for controller in cpu memory; do
  [ -f "/sys/fs/cgroup/$controller/cgroup.procs" ] || { echo "no cgroup v1 $controller controller at /sys/fs/cgroup/$controller" >&2; exit 1; }
done

capacity_overlays=${BENCH_CAPACITY_OVERLAYS:-minikube production}
step_connections=(8 16 32 64 128 256 512)
headroom=0.65
drain_seconds=5
mongo_write_ms=${BENCH_MONGO_WRITE_MS:-10}
period_us=100000 # the kubelet's CFS period
rules=deploy/k8s/base/prometheus/rules.yml
slo_seconds=$(grep -m1 -o 'http_response_status_code="201",le="[0-9.]*"' "$rules" | sed 's/.*le="\(.*\)"/\1/')
[ -n "$slo_seconds" ] || { echo "no POST /buy latency SLO (le=...) found in $rules" >&2; exit 1; }
slo_us=$(awk -v s="$slo_seconds" 'BEGIN { printf "%d", s * 1e6 }')
failures=0
batch_size=$(sed -n 's/.*"BatchSize": *\([0-9]*\).*/\1/p' BuyList.Management/appsettings.json)

# The cgroups this run made, removed once the processes in them have ended.
cgroups=()
trap 'cleanup; for dir in "${cgroups[@]}"; do rmdir "$dir" 2>/dev/null || echo "could not remove $dir" >&2; done' EXIT

# limits_of OVERLAY DEPLOYMENT: "<cpu> <memory>" of the deployment's container limits as the overlay renders them.
limits_of() {
  kubectl kustomize "deploy/k8s/overlays/$1" | awk -v name="$2" '
    function flush() { if (kind == "Deployment" && named) print cpu, memory; kind = ""; named = 0; cpu = ""; memory = ""; depth = -1 }
    BEGIN { depth = -1 }
    /^---/ { flush(); next }
    /^kind: / { kind = $2 }
    $0 == "  name: " name { named = 1 }
    { indent = match($0, /[^ ]/) - 1 }
    depth >= 0 && indent <= depth { depth = -1 }
    depth >= 0 && $1 == "cpu:" { cpu = $2 }
    depth >= 0 && $1 == "memory:" { memory = $2 }
    $1 == "limits:" { depth = indent }
    END { flush() }' | tr -d '"'
}

# quota_us CPU: the CFS quota of a Kubernetes CPU quantity ("500m", "1", "1.5") over the kubelet's period.
quota_us() {
  awk -v q="$1" -v p="$period_us" 'BEGIN { v = (q ~ /m$/) ? substr(q, 1, length(q) - 1) / 1000 : q; printf "%d", v * p }'
}

# bytes MEMORY: a Kubernetes memory quantity in bytes ("256Mi", "1Gi", "512M").
bytes() {
  awk -v q="$1" 'BEGIN {
    n = q + 0; unit = substr(q, length(n "") + 1)
    f["Ki"] = 1024; f["Mi"] = 1024 ^ 2; f["Gi"] = 1024 ^ 3; f["K"] = 1e3; f["M"] = 1e6; f["G"] = 1e9; f[""] = 1
    printf "%d", n * f[unit] }'
}

# make_cgroup NAME CPU MEMORY: a cpu and a memory cgroup NAME under this shell's own, with the pod's limits; sets
# cpu_dir and memory_dir.
make_cgroup() {
  local controller parent
  for controller in cpu memory; do
    parent=$(awk -F: -v c="$controller" '{ n = split($2, cs, ","); for (i = 1; i <= n; i++) if (cs[i] == c) print $3 }' /proc/self/cgroup)
    mkdir "/sys/fs/cgroup/$controller${parent%/}/$1"
    cgroups+=("/sys/fs/cgroup/$controller${parent%/}/$1")
    printf -v "${controller}_dir" %s "/sys/fs/cgroup/$controller${parent%/}/$1"
  done
  echo "$period_us" >"$cpu_dir/cpu.cfs_period_us"
  quota_us "$2" >"$cpu_dir/cpu.cfs_quota_us"
  bytes "$3" >"$memory_dir/memory.limit_in_bytes"
}

# "${in_cgroup[@]}" "$cpu_dir" "$memory_dir" command... &: the command inside those cgroups from its first
# instruction (so that the .NET runtime sizes its processor count, GC heaps and heap limit by them, as in the pod),
# under the id $! names: sh moves itself, then execs it.
# shellcheck disable=SC2016 # expanded by that sh
in_cgroup=(sh -c 'echo $$ >"$1/cgroup.procs" && echo $$ >"$2/cgroup.procs" && shift 2 && exec "$@"' sh)

# memory_mb: "<working set> <anonymous>" of the cgroup in MiB. The working set as the kubelet counts it (usage minus
# inactive file pages); the anonymous part (heap, stacks, native buffers) is what the kernel cannot reclaim at the
# limit. Unlike RSS both leave out the runtime's files that other processes of this machine cached first; in a pod
# they are its own, and the active ones count in its working set.
memory_mb() {
  awk -v usage="$(cat "$memory_dir/memory.usage_in_bytes")" '$1 == "total_inactive_file" { inactive = $2 } $1 == "total_rss" { anon = $2 }
    END { printf "%d %d", (usage - inactive) / 1048576, anon / 1048576 }' "$memory_dir/memory.stat"
}

# peak_while PID: "<working set> <anonymous>", the largest of each seen while PID runs (every 0.5 s), in MiB.
peak_while() {
  local peak_ws=0 peak_anon=0 ws anon
  while kill -0 "$1" 2>/dev/null; do
    read -r ws anon <<<"$(memory_mb)"
    [ "$ws" -gt "$peak_ws" ] && peak_ws=$ws
    [ "$anon" -gt "$peak_anon" ] && peak_anon=$anon
    [ "$anon" -gt "$peak_anon" ] && peak_anon=$anon
    sleep 0.5
  done
  echo "$peak_ws $peak_anon"
}

# memory_note: how often the cgroup hit its limit and had a process OOM-killed, when it did.
memory_note() {
  local hit killed
  hit=$(cat "$memory_dir/memory.failcnt")
  killed=$(awk '$1 == "oom_kill" { print $2 }' "$memory_dir/memory.oom_control")
  [ "$hit" = 0 ] || printf ', limit hit %s times' "$hit"
  [ "${killed:-0}" = 0 ] || printf ', %s OOM kill(s)' "$killed"
}

# field NAME: a value of the consumer's RESULT line.
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$result"; }

# gc_of PID: the GC the process runs, from its threads' names (server GC names one thread per heap).
gc_of() {
  local heaps
  heaps=$(cat /proc/"$1"/task/*/comm 2>/dev/null | grep -c '^\.NET Server GC' || true)
  if [ "$heaps" -gt 0 ]; then echo "server, $heaps heap(s)"; else echo workstation; fi
}

rows=()
thresholds=()
for overlay in $capacity_overlays; do
  # --- Facing (and each --facing-build) -----------------------------------------------------------------------------
  read -r cpu memory <<<"$(limits_of "$overlay" facing)"
  if [ -z "$cpu" ] || [ -z "$memory" ]; then echo "no limits for facing in overlays/$overlay" >&2; exit 1; fi
  facings=("facing	$facing_dir")
  for other in "${builds[@]}"; do facings+=("facing:${other%%:*}	${other#*:}"); done
  for facing in "${facings[@]}"; do
    IFS=$'\t' read -r name dir <<<"$facing"
    facing_program "$dir"
    make_cgroup "buylist-bench-${name/:/-}-$overlay-$$" "$cpu" "$memory"
    p=$((port + 3))
    free_port "$p"
    # As bench/run.sh starts Facing: its Release build (or the --facing-build), appsettings.json, Production (docs/performance.md).
    "${in_cgroup[@]}" "$cpu_dir" "$memory_dir" env -C "$dir" ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$p" ConnectionStrings__kafka="$kafka" \
      services__management__http__0="http://127.0.0.1:$((port + 2))" "${program[@]}" >"$work/$name-$overlay.log" 2>&1 &
    pids+=($!)
    facing_pid=$!
    wait_created "http://127.0.0.1:$p" 60
    echo "$name, overlays/$overlay ($cpu CPU, $memory): warming up ${warmup}s ..."
    wrk -t"$wrk_threads" -c32 -d"${warmup}s" -s "$root/bench/post.lua" "http://127.0.0.1:$p/buy" >/dev/null
    best=0 best_at=- best_p99=- peak_ws=0 peak_anon=0 misses=0
    for c in "${step_connections[@]}"; do
      before=$(cpu_ticks "$facing_pid")
      throttled_before=$(awk '$1 == "nr_periods" { p = $2 } $1 == "nr_throttled" { t = $2 } END { print p, t }' "$cpu_dir/cpu.stat")
      wrk -t"$wrk_threads" -c"$c" -d"${seconds}s" --timeout 5s -s "$root/bench/post.lua" "http://127.0.0.1:$p/buy" >"$work/step.out" &
      pids+=($!)
      read -r ws anon <<<"$(peak_while $!)"
      line=$(grep '^RESULT ' "$work/step.out" || true)
      after=$(cpu_ticks "$facing_pid")
      [ "$ws" -gt "$peak_ws" ] && peak_ws=$ws
      [ "$anon" -gt "$peak_anon" ] && peak_anon=$anon
      read -r rps p99_us errors <<<"$(awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
        printf "%d %d %d\n", f["requests"] * 1e6 / f["duration_us"], f["p99_us"], f["non2xx"] + f["connect"] + f["read"] + f["write"] + f["timeout"] }' <<<"${line:-RESULT requests=0 duration_us=1}")"
      throttled=$(awk -v before="$throttled_before" '$1 == "nr_periods" { p = $2 } $1 == "nr_throttled" { t = $2 }
        END { split(before, b, " "); printf "%d", (p > b[1] ? 100 * (t - b[2]) / (p - b[1]) : 0) }' "$cpu_dir/cpu.stat")
      cores=$(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v s="$seconds" 'BEGIN { printf "%.2f", t / hz / s }')
      echo "  $c connections: $rps req/s, p99 $((p99_us / 1000)) ms, $errors errors, $cores CPU used, throttled in $throttled% of periods, working set $ws MiB (anonymous $anon)"
      if [ "$rps" -eq 0 ] || [ "$errors" -ne 0 ]; then break; fi
      # One step over the SLO may be the shared machine's noise; two in a row is the replica's limit.
      if [ "$p99_us" -gt "$slo_us" ]; then
        misses=$((misses + 1))
        if [ "$misses" = 2 ]; then break; fi
        continue
      fi
      misses=0
      if [ "$rps" -gt "$best" ]; then best=$rps best_at=$c best_p99=$(awk -v u="$p99_us" 'BEGIN { printf "%.1f", u / 1000 }'); fi
    done
    # The soak of bench/run.sh (256 connections, soak_seconds) under the limits: the working set a pod keeps under
    # sustained load (issue 22: under 120 MB), whatever the latency at that load.
    soaked=
    if [ "$soak" = 1 ] && [ "$soak_seconds" -gt 0 ]; then
      echo "  soak: 256 connections for ${soak_seconds}s ..."
      wrk -t"$wrk_threads" -c256 -d"${soak_seconds}s" --timeout 5s -s "$root/bench/post.lua" "http://127.0.0.1:$p/buy" >/dev/null &
      pids+=($!)
      read -r ws anon <<<"$(peak_while $!)"
      echo "  soak: working set peak $ws MiB (anonymous $anon)"
      soaked="; ${soak_seconds}s soak at 256 connections: peak $ws MiB ($anon)"
    fi
    gc=$(gc_of "$facing_pid")
    rss=$(awk '/^VmHWM:/ { printf "%d", $2 / 1024 }' "/proc/$facing_pid/status")
    kill -TERM "$facing_pid"
    wait "$facing_pid" 2>/dev/null || true
    if [ "$best" = 0 ]; then
      echo "  $name met the SLO at no step" >&2
      failures=$((failures + 1))
    fi
    rows+=("| $name | $overlay | $cpu / $memory | $best req/s | $best_at connections, p99 $best_p99 ms | peak $peak_ws MiB (anonymous $peak_anon) of $memory$(memory_note)$soaked; RSS $rss MiB | $gc |")
    thresholds+=("$name, overlays/$overlay: threshold = $best x $headroom = $(awk -v c="$best" -v h="$headroom" 'BEGIN { printf "%d", c * h + 0.5 }') req/s per replica")
  done

  # --- Management ---------------------------------------------------------------------------------------------------
  read -r cpu memory <<<"$(limits_of "$overlay" management)"
  if [ -z "$cpu" ] || [ -z "$memory" ]; then echo "no limits for management in overlays/$overlay" >&2; exit 1; fi
  make_cgroup "buylist-bench-management-$overlay-$$" "$cpu" "$memory"
  # A broker of its own: Facing's steps filled the other one's partitions.
  dotnet "$bench_dll" broker --MaxSeconds "$max_seconds" >"$work/consumer-broker-$overlay.log" 2>&1 &
  pids+=($!)
  consumer_kafka=$(wait_for "$work/consumer-broker-$overlay.log" '^bootstrap=' 30 "${pids[-1]}")
  consumer_kafka=${consumer_kafka#bootstrap=}
  dotnet "$bench_dll" fill --Kafka "$consumer_kafka" --Count "$consumer_count" >"$work/fill-$overlay.log" 2>&1 \
    || { tail -n 20 "$work/fill-$overlay.log" >&2; exit 1; }
  echo "management, overlays/$overlay ($cpu CPU, $memory): draining $consumer_count events, cold then $warm_drains warm ..."
  "${in_cgroup[@]}" "$cpu_dir" "$memory_dir" dotnet "$bench_dll" consumer --Kafka "$consumer_kafka" --Count "$consumer_count" --WarmRounds "$warm_drains" \
    >"$work/consumer-$overlay.out" 2>"$work/consumer-$overlay.log" &
  pids+=($!)
  read -r peak_ws peak_anon <<<"$(peak_while $!)"
  result=$(grep '^RESULT ' "$work/consumer-$overlay.out" || { tail -n 20 "$work/consumer-$overlay.log" >&2; echo "RESULT consumer failed"; })
  echo "  ${result#RESULT }"
  case "$result" in *failed* | *timed_out*) failures=$((failures + 1)); continue ;; esac
  events=$(field events_per_s)
  with_mongo=$(awk -v e="$events" -v b="$batch_size" -v w="$mongo_write_ms" 'BEGIN { printf "%d", b / (b / e + w / 1000) }')
  rows+=("| management | $overlay | $cpu / $memory | $events events/s (in-memory store); $with_mongo with a ${mongo_write_ms} ms MongoDB write per $batch_size | $(field cpu_us_per_event) us CPU/event, warm; cold $(field cold_events_per_s)/s | peak $peak_ws MiB (anonymous $peak_anon) of $memory$(memory_note); RSS $(field peak_rss_mb) MiB | $(field gc), $(field gc_heaps) heap(s), $(field cpus) CPU(s), $(field gc_memory_limit_mb) MiB seen |")
  thresholds+=("management, overlays/$overlay: lagThreshold = $with_mongo x $headroom x ${drain_seconds}s = $(awk -v c="$with_mongo" -v h="$headroom" -v d="$drain_seconds" 'BEGIN { printf "%d", c * h * d + 0.5 }') events per replica")
done

echo
echo "Capacity of one replica at its pod's limits ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $load_at_start at start, $(cut -d' ' -f1-3 /proc/loadavg) at end)"
echo "Facing: the best rate of ${seconds}s wrk steps (-t$wrk_threads, ${step_connections[*]} connections) with POST /buy's p99 <= $((slo_us / 1000)) ms and no error."
echo
echo "| service | overlay | limits | capacity | at | working set | GC |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
printf '%s\n' "${rows[@]}"
echo
echo "At ${headroom} of capacity (drain target ${drain_seconds}s):"
printf '  %s\n' "${thresholds[@]}"
if [ "$failures" -gt 0 ]; then
  echo "bench: $failures step(s) failed"
  exit 1
fi
echo "bench: ok"
exit 0
