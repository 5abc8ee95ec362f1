#!/usr/bin/env bash
# Shared by bench/run.sh and tools/chaos/run.sh (sourced from the repository's root, after their options are read):
# a scratch folder, every started process ended by its id on exit, the Release build of bench/BuyList.Bench, waiting
# for a process's line, librdkafka's mock broker and the MongoDB emulator (tools/mongo-emulator) as processes.

root=$PWD
bench_dll=$root/bench/BuyList.Bench/bin/Release/net10.0/BuyList.Bench.dll
# shellcheck disable=SC2034 # used by the scripts that source this file
facing_dir=$root/BuyList.Facing/bin/Release/net10.0
# shellcheck disable=SC2034
management_dir=$root/BuyList.Management/bin/Release/net10.0
max_seconds=1200 # no process of a run outlives it, even if the script is killed

work=$(mktemp -d)
# The ids of the processes to end; one started in a command substitution writes its id to "$work/pids" instead.
pids=()
cleanup() {
  local pid
  exec 7>&- 2>/dev/null || true # the MongoDB emulator ends when its standard input closes
  [ -f "$work/pids" ] && while read -r pid; do pids+=("$pid"); done <"$work/pids"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# facing_program DIR: sets program to the command that starts the Facing build in DIR from DIR: its DLL, or the
# executable of a Native AOT publish.
facing_program() {
  program=(dotnet BuyList.Facing.dll)
  [ -f "$1/BuyList.Facing.dll" ] || program=(./BuyList.Facing)
  [ -f "$1/${program[-1]#./}" ] || { echo "no Facing build in $1" >&2; exit 1; }
}

# build_bench: the Release build of bench/BuyList.Bench, and through it of Facing and Management.
build_bench() {
  echo "building (Release) ..."
  dotnet build bench/BuyList.Bench/BuyList.Bench.csproj -c Release -v quiet -nologo >"$work/build.log" 2>&1 \
    || { tail -n 40 "$work/build.log"; exit 1; }
}

# wait_for FILE PATTERN SECONDS PID: the first line of FILE matching PATTERN, once the process printed it.
wait_for() {
  local line
  for _ in $(seq $(($3 * 5))); do
    line=$(grep -m1 -E "$2" "$1" 2>/dev/null || true)
    if [ -n "$line" ]; then echo "$line"; return 0; fi
    kill -0 "$4" 2>/dev/null || break
    sleep 0.2
  done
  echo "timed out waiting for '$2' in $1:" >&2
  tail -n 30 "$1" >&2
  exit 1
}

# start_broker: the mock broker with the purchases topics; sets broker_pid and kafka (its bootstrap servers).
start_broker() {
  dotnet "$bench_dll" broker --MaxSeconds "$max_seconds" >"$work/broker.log" 2>&1 &
  broker_pid=$!
  pids+=("$broker_pid")
  kafka=$(wait_for "$work/broker.log" '^bootstrap=' 30 "$broker_pid")
  kafka=${kafka#bootstrap=}
}

# start_mongo_emulator: tools/mongo-emulator on a free port; sets mongo (its connection string). The emulator ends when
# its standard input closes: it reads a FIFO held open on descriptor 7, which cleanup closes.
start_mongo_emulator() {
  mkfifo "$work/mongo.in"
  node tools/mongo-emulator/server.mjs 0 <"$work/mongo.in" >"$work/mongo.log" 2>&1 &
  pids+=($!)
  exec 7>"$work/mongo.in"
  mongo=$(wait_for "$work/mongo.log" 'ready mongodb://' 30 "${pids[-1]}")
  mongo="mongodb://${mongo##*mongodb://}"
}
