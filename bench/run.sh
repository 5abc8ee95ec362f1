#!/usr/bin/env bash
# POST /buy side by side: the bare HTTP ceiling, the plain durable endpoint and Facing, against one librdkafka mock
# broker, with wrk at 32 and 256 connections, interleaved, twice; then the listing (Facing -> Management on an
# in-memory store), Facing's working set over a 60 s soak, Management's consumer, and the MongoDB bulk write when a
# server is at hand. Prints one table. Loopback only; every process it starts is ended by its id.
#
# usage: bench/run.sh [--smoke] [--no-build] [--no-soak] [--variant NAME:VAR=VALUE[,VAR=VALUE]]... [--facing-build NAME:DIR]...
#                    [--cold] [--management-build NAME:DIR]...
#        bench/run.sh --capacity [--smoke] [--no-build] [--no-soak] [--facing-build NAME:DIR]...
#   --capacity      instead: one replica of Facing and of Management under its pod's CPU and memory limits (cgroup v1,
#                   as root), for the minikube and production overlays (BENCH_CAPACITY_OVERLAYS), Facing's working set
#                   over the soak at those limits too; prints deploy/README.md's capacity table (bench/capacity.sh).
#                   BENCH_MONGO_WRITE_MS: the MongoDB write per batch assumed (docs/scaling.md)
#   --smoke         seconds per system, one round, 32 connections: checks that everything answers (CI)
#   --post-only     only the POST /buy table (for comparing builds or settings)
#   --variant       one more Facing, started with these environment variables, e.g.
#                   --variant linger5:Kafka__Producer__LingerMs=5
#   --facing-build  one more Facing from another Release build (its bin/Release/net10.0), e.g. of the commit before
#                   a change: git archive <commit> | tar -x -C DIR, then dotnet build DIR/BuyList.Facing -c Release;
#                   or a dotnet publish folder (ReadyToRun, Native AOT)
#   --cold          also the cold-start measure (bench/coldstart.sh: fresh Facing and Management processes; --smoke runs
#                   it once); environment COLD_STARTS (default 5), COLD_SECONDS (default 10), COLD_EVENTS (default 60000)
#   --management-build  one more Management for --cold: a bench build (DIR/bench/BuyList.Bench/bin/Release/net10.0, or a
#                   folder holding BuyList.Bench.dll, e.g. a dotnet publish of bench/BuyList.Bench with other settings)
# environment: BENCH_SECONDS (per load step, default 10), BENCH_WARMUP (seconds per system before the rounds, default 20),
#              BENCH_PORT_BASE (default 5310),
#              BUYLIST_TEST_MONGODB (a MongoDB for the bulk write; else tools/mongo-emulator when installed)
set -euo pipefail
cd "$(dirname "$0")/.."

smoke=0 build=1 soak=1 post_only=0 capacity=0 cold=0
variants=()
builds=()
management_builds=()
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=1 soak=0 cold=1 ;;
    --no-build) build=0 ;;
    --no-soak) soak=0 ;;
    --post-only) post_only=1 soak=0 ;;
    --capacity) capacity=1 ;;
    --variant) variants+=("$2"); shift ;;
    --facing-build) builds+=("$2"); shift ;;
    --cold) cold=1 ;;
    --management-build) management_builds+=("$2"); shift ;;
    *) echo "unknown option $1 (see the head of $0)" >&2; exit 2 ;;
  esac
  shift
done

# A --facing-build checkout stands for its Release build.
for i in "${!builds[@]}"; do
  [ -d "${builds[i]#*:}/BuyList.Facing" ] && builds[i]=${builds[i]}/BuyList.Facing/bin/Release/net10.0
done

if [ "$smoke" = 1 ]; then
  seconds=${BENCH_SECONDS:-2} rounds=1 connections=(32) warmup=1 consumer_count=5000 warm_drains=1 soak_seconds=0
else
  # The warm-up outlasts Facing's JIT compiling under load (tier 1, PGO), which a shorter one left inside the first
  # measured step: docs/performance.md, "Reproduce".
  seconds=${BENCH_SECONDS:-10} rounds=2 connections=(32 256) warmup=${BENCH_WARMUP:-20} consumer_count=60000 warm_drains=3 soak_seconds=60
fi
port=${BENCH_PORT_BASE:-5310}
wrk_threads=2

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is not installed (apt-get install curl)" >&2; exit 1; }

# shellcheck source=bench/lib.sh
source bench/lib.sh
if [ "$build" = 1 ]; then
  build_bench
fi

# free_port N: fails when something already listens there.
free_port() {
  if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
    echo "port $1 is in use; set BENCH_PORT_BASE to a free range" >&2
    exit 1
  fi
}

body='{"username":"Ada Lovelace","userid":"bench-user-0","price":19.99}'
# wait_created URL SECONDS: until POST /buy answers 201 (for Facing: the broker acknowledged it).
wait_created() {
  for _ in $(seq $(( $2 * 5 ))); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' -m 5 -X POST -H 'Content-Type: application/json' -d "$body" "$1/buy")" = 201 ]; then
      return 0
    fi
    sleep 0.2
  done
  echo "$1/buy never answered 201" >&2
  exit 1
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# --- processes -----------------------------------------------------------------------------------------------------
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
start_broker
if [ "$capacity" = 1 ]; then
  # shellcheck source=bench/capacity.sh
  source bench/capacity.sh
fi

declare -A pid_of url_of
systems=()
start_system() { # NAME PORT command...
  local name=$1 p=$2
  shift 2
  free_port "$p"
  "$@" >"$work/$name.log" 2>&1 &
  pids+=($!)
  pid_of[$name]=$!
  url_of[$name]=http://127.0.0.1:$p
  systems+=("$name")
}

start_system ceiling "$port" dotnet "$bench_dll" ceiling --Urls "http://127.0.0.1:$port" --MaxSeconds "$max_seconds"
start_system plain $((port + 1)) dotnet "$bench_dll" plain --Urls "http://127.0.0.1:$((port + 1))" --Kafka "$kafka" --MaxSeconds "$max_seconds"
management_port=$((port + 2))
free_port "$management_port"
# Facing as shipped: the Release build, its appsettings.json, Production, ServiceDefaults (OpenTelemetry without an
# OTLP endpoint: instrumentation and the Prometheus exporter on, nothing sent).
start_facing() { # NAME PORT DIR [VAR=VALUE ...]
  local name=$1 p=$2 dir=$3 program
  shift 3
  facing_program "$dir"
  start_system "$name" "$p" env -C "$dir" ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$p" \
    ConnectionStrings__kafka="$kafka" services__management__http__0="http://127.0.0.1:$management_port" "$@" \
    "${program[@]}"
}
start_facing facing $((port + 3)) "$facing_dir"
n=4
for variant in "${variants[@]}"; do
  IFS=, read -r -a settings <<<"${variant#*:}"
  start_facing "facing:${variant%%:*}" $((port + n)) "$facing_dir" "${settings[@]}"
  n=$((n + 1))
done
for other in "${builds[@]}"; do
  start_facing "facing:${other%%:*}" $((port + n)) "${other#*:}"
  n=$((n + 1))
done

for name in "${systems[@]}"; do wait_created "${url_of[$name]}" 60; done

# --- measurement ---------------------------------------------------------------------------------------------------
results=$work/results.tsv
failures=0
# load FILE ROUND NAME CONNECTIONS SECONDS SCRIPT URL PID: one wrk step, one row of FILE.
load() {
  local file=$1 before after line
  shift
  before=$(cpu_ticks "$7")
  line=$(wrk -t"$wrk_threads" -c"$3" -d"$4s" --timeout 5s -s "$root/bench/$5" "$6" | grep '^RESULT ' || true)
  after=$(cpu_ticks "$7")
  if [ -z "$line" ]; then
    echo "wrk printed no result for $2 at $3 connections" >&2
    failures=$((failures + 1))
    return
  fi
  local row requests non2xx
  row=$(awk -v round="$1" -v name="$2" -v conns="$3" -v rss="$(rss_kb "$7")" -v cpu="$((after - before))" '
    { for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
      printf "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\n", round, name, conns, f["requests"], f["duration_us"], f["p50_us"],
        f["p99_us"], f["non2xx"], f["connect"] + f["read"] + f["write"] + f["timeout"], rss, cpu }' <<<"$line")
  echo "$row" >>"$file"
  requests=$(cut -f4 <<<"$row")
  non2xx=$(cut -f8 <<<"$row")
  if [ "$requests" -eq 0 ] || [ "$non2xx" -ne 0 ]; then
    echo "$2 at $3 connections: $requests requests, $non2xx not 2xx" >&2
    failures=$((failures + 1))
  fi
}

echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
echo "warming up ${systems[*]} (${warmup}s each) ..."
for name in "${systems[@]}"; do
  wrk -t"$wrk_threads" -c32 -d"${warmup}s" -s "$root/bench/post.lua" "${url_of[$name]}/buy" >/dev/null
done

for round in $(seq "$rounds"); do
  for c in "${connections[@]}"; do
    for name in "${systems[@]}"; do
      echo "round $round, $c connections: $name ..."
      load "$results" "$round" "$name" "$c" "$seconds" post.lua "${url_of[$name]}/buy" "${pid_of[$name]}"
    done
  done
done

# shellcheck source=bench/coldstart.sh
if [ "$cold" = 1 ]; then source bench/coldstart.sh; cold_start; fi

listing=$work/listing.tsv
soak_rows=()
consumer_result="RESULT consumer: not run (--post-only)"
mongo_result="RESULT mongo-write: not run (--post-only)"
if [ "$post_only" = 0 ]; then
  # Before the listing, whose 256 connections to Management would count in Facing's working set.
  if [ "$soak" = 1 ]; then
    echo "soak: facing at 256 connections for ${soak_seconds}s ..."
    wrk -t"$wrk_threads" -c256 -d"${soak_seconds}s" --timeout 5s -s "$root/bench/post.lua" "${url_of[facing]}/buy" >"$work/soak.out" &
    soak_pid=$!
    pids+=("$soak_pid")
    for t in $(seq 10 10 "$soak_seconds"); do
      sleep 10
      soak_rows+=("${t}s $(( $(rss_kb "${pid_of[facing]}") / 1024 ))")
    done
    wait "$soak_pid" || true
    soak_result=$(grep '^RESULT ' "$work/soak.out" || echo "RESULT none")
  fi

  # The listing: Management alone, then through Facing (the difference is the hop's cost).
  dotnet "$bench_dll" management --Port "$management_port" --Kafka "$kafka" --MaxSeconds "$max_seconds" >"$work/management.log" 2>&1 &
  pids+=($!)
  management_pid=$!
  wait_for "$work/management.log" '^management ready' 60 "$management_pid" >/dev/null
  for c in "${connections[@]}"; do
    for name in management facing; do
      echo "listing, $c connections: $name ..."
      if [ "$name" = management ]; then
        url="http://127.0.0.1:$management_port/purchases/bench-user-" pid=$management_pid
      else
        url="${url_of[facing]}/getAllUserBuys/bench-user-" pid=${pid_of[facing]}
      fi
      wrk -t"$wrk_threads" -c"$c" -d"${warmup}s" -s "$root/bench/list.lua" "$url" >/dev/null
      load "$listing" 1 "GET/$name" "$c" "$seconds" list.lua "$url" "$pid"
    done
  done
  kill -TERM "$management_pid"

  echo "consumer: $consumer_count events ..."
  consumer_result=$(dotnet "$bench_dll" consumer --Count "$consumer_count" --WarmRounds "$warm_drains" 2>"$work/consumer.log" | grep '^RESULT ' \
    || { tail -n 20 "$work/consumer.log" >&2; echo "RESULT consumer failed"; })
  case "$consumer_result" in *failed*|*timed_out*) failures=$((failures + 1)) ;; esac

  mongo=${BUYLIST_TEST_MONGODB:-}
  if [ -z "$mongo" ] && [ -d tools/mongo-emulator/node_modules ] && command -v node >/dev/null; then
    start_mongo_emulator
  fi
  if [ -n "$mongo" ]; then
    echo "MongoDB bulk write ..."
    mongo_result=$(dotnet "$bench_dll" mongo-write --Mongo "$mongo" --Count "$([ "$smoke" = 1 ] && echo 500 || echo 5000)" 2>"$work/mongo-write.log" \
      | grep '^RESULT ' || { tail -n 20 "$work/mongo-write.log" >&2; echo "RESULT mongo-write failed"; })
  else
    mongo_result="skipped: no MongoDB (set BUYLIST_TEST_MONGODB, or install tools/mongo-emulator)"
  fi
fi

# --- report --------------------------------------------------------------------------------------------------------
echo
echo "POST /buy, wrk -t$wrk_threads, ${seconds}s per step, $rounds round(s) interleaved; ratios to 'plain' in the same round"
awk -F'\t' -v rounds="$rounds" '
  { key = $2 SUBSEP $3; rps = $4 * 1e6 / $5
    n[key]++; sum_rps[key] += rps; sum_p50[key] += $6; sum_p99[key] += $7; err[key] += $8 + $9
    if ($10 > rss[key]) rss[key] = $10
    ticks[key] += $11; reqs[key] += $4
    r_rps[$1, $2, $3] = rps; r_p99[$1, $2, $3] = $7
    if (!(key in seen)) { seen[key] = 1; order[++count] = key } }
  END {
    printf "%-18s %5s %9s %8s %8s %7s %9s %8s %12s %11s\n", "system", "conns", "rps", "p50 ms", "p99 ms", "errors", "RSS MB", "CPU us/req", "rps x plain", "p99 x plain"
    for (i = 1; i <= count; i++) {
      key = order[i]; split(key, k, SUBSEP); ratio = ""; pratio = ""
      for (r = 1; r <= rounds; r++) {
        if (k[1] !~ /^GET/ && (r, "plain", k[2]) in r_rps) {
          ratio = ratio sprintf("%s%.2f", ratio == "" ? "" : "/", r_rps[r, k[1], k[2]] / r_rps[r, "plain", k[2]])
          pratio = pratio sprintf("%s%.2f", pratio == "" ? "" : "/", r_p99[r, k[1], k[2]] / r_p99[r, "plain", k[2]])
        }
      }
      printf "%-18s %5d %9.0f %8.2f %8.2f %7d %9.0f %8.0f %12s %11s\n", k[1], k[2], sum_rps[key] / n[key], sum_p50[key] / n[key] / 1000,
        sum_p99[key] / n[key] / 1000, err[key], rss[key] / 1024, ticks[key] * 1e6 / sysconf_clk / reqs[key], ratio, pratio
    }
  }' sysconf_clk="$(getconf CLK_TCK)" "$results" "$([ -f "$listing" ] && echo "$listing" || echo /dev/null)"
if [ "${#soak_rows[@]}" -gt 0 ]; then
  echo "soak, facing at 256 connections: RSS MB ${soak_rows[*]}; ${soak_result#RESULT }"
fi
echo "${consumer_result#RESULT }"
echo "${mongo_result#RESULT }"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at end"
if [ "$failures" -gt 0 ]; then
  echo "bench: $failures step(s) failed"
  exit 1
fi
echo "bench: ok"
