#!/usr/bin/env bash
# Faults under load, counted: Facing and Management (their Release builds, as shipped) on librdkafka's mock broker
# (bench/BuyList.Bench broker) and the MongoDB emulator (tools/mongo-emulator), with 8 concurrent clients sending
# purchases, each with its own Idempotency-Key:
#   broker-short / broker-long   the broker down for less / more than the producer's message timeout
#   management-kill              Management killed with SIGKILL twice and restarted
#   rebalance                    a second Management joins the group and leaves it
#   replay                       a Management of a new group reads the whole topic from offset 0 (nothing new stored)
# Then one table: requests sent, accepted, refused, events found, documents stored, lost, duplicated, refused but
# published; the script fails unless the last three are 0 and the replay stored nothing. Loopback only; bounded in
# time (--MaxSeconds on every process); every process it starts is ended by its id.
#
# usage: tools/chaos/run.sh [--quick] [--no-build]
#   --quick     shorter outages against a 3 s message timeout (CI); the full run uses the shipped 10 s
#   --no-build  use the existing Release builds
# environment: CHAOS_PORT_BASE (default 5410)
set -euo pipefail
cd "$(dirname "$0")/../.."

quick=0 build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --no-build) build=0 ;;
    *) echo "unknown option $1 (see the head of $0)" >&2; exit 2 ;;
  esac
  shift
done

if [ "$quick" = 1 ]; then
  message_timeout_ms=3000 short_outage=1 long_outage=5 load_seconds=3 pause_ms=100
else
  message_timeout_ms=10000 short_outage=6 long_outage=16 load_seconds=8 pause_ms=50
fi
port=${CHAOS_PORT_BASE:-5410}

command -v node >/dev/null || { echo "node is not installed" >&2; exit 1; }
[ -d tools/mongo-emulator/node_modules ] || { echo "the MongoDB emulator is not installed: npm ci --prefix tools/mongo-emulator" >&2; exit 1; }

# shellcheck source=bench/lib.sh
source bench/lib.sh
if [ "$build" = 1 ]; then
  build_bench
fi

# wait_ok URL SECONDS
wait_ok() {
  for _ in $(seq $(($2 * 5))); do
    curl -fs -o /dev/null -m 2 "$1" && return 0
    sleep 0.2
  done
  echo "$1 did not answer within $2 s" >&2
  exit 1
}

# metric URL NAME: the sum of a Prometheus series over its labels.
metric() {
  curl -fs -m 5 "$1/metrics" | awk -v name="$2" '$1 == name || index($1, name "{") == 1 { sum += $NF } END { print sum + 0 }'
}

# --- the broker, MongoDB, Facing -----------------------------------------------------------------------------------
start_broker

start_mongo_emulator

facing=http://127.0.0.1:$port
env -C "$facing_dir" ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$facing" ConnectionStrings__kafka="$kafka" \
  services__management__http__0="http://127.0.0.1:$((port + 1))" Kafka__Producer__MessageTimeoutMs="$message_timeout_ms" \
  dotnet BuyList.Facing.dll >"$work/facing.log" 2>&1 &
pids+=($!)
wait_ok "$facing/alive" 60

# start_management NAME PORT [VAR=VALUE ...]: prints its pid. A short session timeout, so that the group gives a
# killed member's partitions to the others in seconds (the default is 45 s).
start_management() {
  local name=$1 p=$2
  shift 2
  env -C "$management_dir" ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$p" \
    ConnectionStrings__kafka="$kafka" ConnectionStrings__mongodb="$mongo/buylist" \
    Kafka__Consumer__SessionTimeoutMs=6000 Kafka__Consumer__HeartbeatIntervalMs=1000 "$@" \
    dotnet BuyList.Management.dll >>"$work/$name.log" 2>&1 &
  pids+=($!)
  local pid=$!
  echo "$pid" >>"$work/pids"
  wait_ok "http://127.0.0.1:$p/alive" 60
  echo "$pid"
}

# stop PID SIGNAL: signals a process this script started and waits until it is gone (at most 30 s, then SIGKILL).
stop() {
  kill "-$2" "$1" 2>/dev/null || return 0
  for _ in $(seq 150); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.2; done
  kill -KILL "$1" 2>/dev/null || true
}
management=$(start_management management $((port + 1)))

# --- scenarios -----------------------------------------------------------------------------------------------------
results=()
start_load() { # SCENARIO
  dotnet "$bench_dll" chaos-load --Url "$facing" --Prefix "$1" --Clients 8 --PauseMs "$pause_ms" --Out "$work/$1.tsv" --MaxSeconds 300 &
  load_pid=$!
  pids+=($!)
  results+=("$work/$1.tsv")
  sleep "$load_seconds"
}
stop_load() {
  sleep "$load_seconds"
  kill -TERM "$load_pid"
  wait "$load_pid" || { echo "the load of $1 failed" >&2; exit 1; }
  echo "  $1: $(wc -l <"$work/$1.tsv") requests"
}

for outage in "broker-short:$short_outage" "broker-long:$long_outage"; do
  scenario=${outage%%:*} seconds=${outage#*:}
  echo "$scenario: the broker down for ${seconds} s (message timeout $((message_timeout_ms / 1000)) s), twice ..."
  start_load "$scenario"
  for _ in 1 2; do
    kill -USR1 "$broker_pid"
    sleep "$seconds"
    kill -USR2 "$broker_pid"
    sleep "$load_seconds"
  done
  stop_load "$scenario"
done

echo "management-kill: Management killed with SIGKILL and restarted, twice ..."
start_load management-kill
for _ in 1 2; do
  stop "$management" KILL
  sleep 1
  management=$(start_management management $((port + 1)))
  sleep "$load_seconds"
done
stop_load management-kill

echo "rebalance: a second Management joins the group and leaves it ..."
start_load rebalance
second=$(start_management management-2 $((port + 2)))
sleep "$load_seconds"
stop "$second" TERM
stop_load rebalance

echo "audit ..."
results_list=$(IFS=,; echo "${results[*]}")
audit_status=0
dotnet "$bench_dll" chaos-audit --Kafka "$kafka" --Mongo "$mongo" --Results "$results_list" --SettleSeconds 600 >"$work/audit.md" 2>"$work/audit.log" \
  || audit_status=$?
requests=$(cat "${results[@]}" | wc -l)
events=$(sed -n 's/^TOTAL events=\([0-9]*\) .*/\1/p' "$work/audit.md")
[ -n "$events" ] || { cat "$work/audit.log" >&2; echo "the audit failed" >&2; exit 1; }
echo
echo "machine: $(nproc) cores; message timeout $((message_timeout_ms / 1000)) s; 8 clients; $requests requests, $events events in all"
echo
grep -v '^TOTAL ' "$work/audit.md"
echo

echo "replay: a Management of a new consumer group reads the whole topic from offset 0 ..."
stop "$management" TERM
replay_url=http://127.0.0.1:$((port + 3))
replay=$(start_management replay $((port + 3)) Purchases__ConsumerGroup=chaos-replay)
# The emulator takes a few minutes for a full run's events; bounded by the processes' own lifetime too.
deadline=$((SECONDS + 480))
while :; do
  seen=$(($(metric "$replay_url" buylist_purchases_stored_total) + $(metric "$replay_url" buylist_purchases_duplicates_total)))
  [ "$seen" -ge "$events" ] && break
  [ "$SECONDS" -lt "$deadline" ] || { echo "the replay read $seen of $events events within 480 s" >&2; exit 1; }
  sleep 1
done
replay_stored=$(metric "$replay_url" buylist_purchases_stored_total)
replay_duplicates=$(metric "$replay_url" buylist_purchases_duplicates_total)
stop "$replay" TERM

echo "replay from offset 0: $events events read again, $replay_duplicates recognised as stored, $replay_stored stored again (must be 0)"
if [ "$audit_status" -ne 0 ] || [ "$replay_stored" -ne 0 ]; then
  cat "$work/audit.log" >&2
  echo "FAILED: a purchase was lost, duplicated, published after a refusal, or stored again on replay" >&2
  exit 1
fi
echo "OK: nothing lost, duplicated, or published after a refusal"
