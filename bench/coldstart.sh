#!/usr/bin/env bash
# The cold-start measure (issue 22), sourced by bench/run.sh after its broker and systems started: Facing and
# Management, each as a fresh process per measurement, the builds interleaved, COLD_STARTS rounds, medians printed.
#   Facing (each --variant and --facing-build too, a Native AOT publish as well): process start to /ready 200, to the first 201
#     (broker acked), requests per second over the first COLD_SECONDS of wrk at 32 connections right after it, and
#     that as a share of the same process's warm rate (after BENCH_WARMUP seconds more of load), its working set then.
#   Management (each --management-build too, a bench build: DIR/BuyList.Bench.dll): the consumer role on a broker of
#     its own holding COLD_EVENTS waiting events, in a consumer group of its own: process start to /ready 200, to the
#     first stored event, the rate of that first drain and its share of the same process's warm drains. The mock broker
#     holds about 60,000 events, which a fresh Management drains in 1 to 4 s: its first window is that drain, not 10 s.
# Uses from run.sh: bench_dll, facing_dir, kafka, port, pids, work, smoke, warmup, wait_for, free_port, wait_created,
# rss_kb, variants (NAME:VAR=VALUE,... of --variant), builds (NAME:DIR of --facing-build), management_builds (NAME:DIR of --management-build).
# shellcheck disable=SC2154 # those variables are run.sh's

cold_start() {
  local starts=${COLD_STARTS:-5} window=${COLD_SECONDS:-10} cold_warmup=$warmup events=${COLD_EVENTS:-60000} warm_drains=3
  if [ "$smoke" = 1 ]; then
    starts=1 window=2 cold_warmup=1 events=5000 warm_drains=1
  fi
  local rows=$work/cold.tsv cold_port=$((port + 40))
  free_port "$cold_port"

  # One entry per Facing: NAME DIR [VAR=VALUE ...], tab-separated.
  local -a facings=("facing	$facing_dir") managements=("management:$bench_dll")
  local other dir
  for other in "${variants[@]}"; do
    facings+=("facing:${other%%:*}	$facing_dir	${other#*:}")
  done
  for other in "${builds[@]}"; do
    facings+=("facing:${other%%:*}	${other#*:}")
  done
  for other in "${management_builds[@]}"; do
    dir=${other#*:}
    [ -d "$dir/bench/BuyList.Bench" ] && dir=$dir/bench/BuyList.Bench/bin/Release/net10.0
    managements+=("management:${other%%:*}:$dir/BuyList.Bench.dll")
  done

  # Management's backlog on a broker of its own: Facing's starts add to the other one's topic.
  dotnet "$bench_dll" broker --MaxSeconds "$max_seconds" >"$work/cold-broker.log" 2>&1 &
  pids+=($!)
  local cold_kafka
  cold_kafka=$(wait_for "$work/cold-broker.log" '^bootstrap=' 30 "${pids[-1]}")
  cold_kafka=${cold_kafka#bootstrap=}
  dotnet "$bench_dll" fill --Kafka "$cold_kafka" --Count "$events" >"$work/cold-fill.log" 2>&1 \
    || { tail -n 20 "$work/cold-fill.log" >&2; exit 1; }

  local round entry name settings
  for round in $(seq "$starts"); do
    for entry in "${facings[@]}"; do
      IFS=$'\t' read -r name dir settings <<<"$entry"
      echo "cold start $round: $name ..."
      IFS=, read -r -a settings <<<"$settings"
      cold_facing "$round" "$name" "$dir" "${settings[@]}" >>"$rows"
    done
    for entry in "${managements[@]}"; do
      echo "cold start $round: ${entry%:*} ..."
      cold_management "$round" "${entry%:*}" "${entry##*:}" >>"$rows"
    done
  done

  echo
  echo "cold start: median of $starts fresh process(es) per build, interleaved; Facing's first ${window}s at 32 connections," \
    "Management's first drain of $events waiting events; warm = the same process after ${cold_warmup}s more (Facing) or $warm_drains later drain(s)"
  printf "%-22s %12s %12s %12s %12s %12s %12s\n" system "ready ms" "first ms" "first rate/s" "warm rate/s" "x warm" "RSS MB"
  local system column
  cut -f2 "$rows" | awk '!seen[$0]++' | while read -r system; do
    printf "%-22s" "$system"
    for column in 3 4 5 6 7 8; do
      awk -F'\t' -v s="$system" -v c="$column" '$2 == s { print $c }' "$rows" | sort -g \
        | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            if (v[1] == "-") printf " %12s", "-"; else printf (m < 10 ? " %12.2f" : " %12.0f"), m }'
    done
    echo
  done
}

# now_ms: the wall clock in milliseconds.
now_ms() { date +%s%3N; }

# cold_facing ROUND NAME DIR [VAR=VALUE ...]: one fresh Facing, with those environment variables; prints one row (round, name, ready ms, first 201 ms, first-window
# rate, warm rate, share, RSS MB).
cold_facing() {
  local url=http://127.0.0.1:$cold_port started ready first pid program
  facing_program "$3"
  started=$(now_ms)
  env -C "$3" ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$url" ConnectionStrings__kafka="$kafka" "${@:4}" \
    "${program[@]}" >"$work/cold-$2-$1.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -m 1 "$url/ready")" = 200 ]; do
    kill -0 "$pid" 2>/dev/null || { tail -n 20 "$work/cold-$2-$1.log" >&2; exit 1; }
  done
  ready=$(now_ms)
  wait_created "$url" 60
  first=$(now_ms)
  local cold_rate warm_rate
  cold_rate=$(wrk_rate "$window" "$url/buy")
  wrk -t2 -c32 -d"${cold_warmup}s" -s "$root/bench/post.lua" "$url/buy" >/dev/null
  warm_rate=$(wrk_rate "$window" "$url/buy")
  [ "$cold_rate" = 0 ] || [ "$warm_rate" = 0 ] && failures=$((failures + 1))
  printf "%s\t%s\t%d\t%d\t%.0f\t%.0f\t%.2f\t%.0f\n" "$1" "$2" $((ready - started)) $((first - started)) "$cold_rate" "$warm_rate" \
    "$(awk -v a="$cold_rate" -v b="$warm_rate" 'BEGIN { print (b > 0 ? a / b : 0) }')" "$(($(rss_kb "$pid") / 1024))"
  kill -TERM "$pid"
  wait "$pid" 2>/dev/null || true
}

# wrk_rate SECONDS URL: POST /buy requests per second at 32 connections (0 when a request failed).
wrk_rate() {
  wrk -t2 -c32 -d"$1s" --timeout 5s -s "$root/bench/post.lua" "$2" | awk '/^RESULT / {
    for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    print (f["non2xx"] + f["connect"] + f["read"] + f["write"] + f["timeout"] > 0) ? 0 : f["requests"] * 1e6 / f["duration_us"] }'
}

# cold_management ROUND NAME DLL: one fresh consumer process; prints one row as cold_facing does.
cold_management() {
  local line
  line=$(dotnet "$3" consumer --Kafka "$cold_kafka" --Group "cold-${2//:/-}-$1" --Count "$events" --WarmRounds "$warm_drains" \
    2>"$work/cold-$2-$1.log" | grep '^RESULT ') || { tail -n 20 "$work/cold-$2-$1.log" >&2; exit 1; }
  awk -v round="$1" -v name="$2" '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    printf "%s\t%s\t%d\t%d\t%.0f\t%.0f\t%.2f\t%s\n", round, name, f["process_to_ready_s"] * 1000, f["process_to_first_write_s"] * 1000,
      f["cold_events_per_s"], f["events_per_s"], f["cold_events_per_s"] / f["events_per_s"], "-" }' <<<"$line"
}
