#!/usr/bin/env bash
# Web's cold start (issue 22), builds interleaved, COLD_STARTS rounds (default 3), medians printed: process start to
# /alive 200, to the first page (GET / 200, prerendered: it calls nothing), the resident set then, and GET / at 32
# connections over the first 10 s as a share of 10 s more after a 10 s warm-up. By hand: CI builds no Web publish.
#
# usage: bench/web-coldstart.sh NAME:DIR [NAME:DIR]...   (DIR: a `dotnet publish BuyList.Web` folder)
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 NAME:DIR [NAME:DIR]..." >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }

url=http://127.0.0.1:${BENCH_PORT_BASE:-5310}
rows=$(mktemp)
pid=
trap 'rm -f "$rows"; [ -z "$pid" ] || kill -TERM "$pid" 2>/dev/null || true' EXIT

now_ms() { date +%s%3N; }
rate() { wrk -t2 -c32 -d10s "$url/" | awk '/^Requests\/sec/ { print $2 }'; }

for round in $(seq "${COLD_STARTS:-3}"); do
  for build in "$@"; do
    name=${build%%:*} dir=${build#*:}
    echo "cold start $round: $name ..." >&2
    started=$(now_ms)
    # Facing's address is never called: the page reads purchases only when asked.
    env -C "$dir" ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$url" services__facing__http__0=http://127.0.0.1:9 \
      dotnet BuyList.Web.dll >/dev/null 2>&1 &
    pid=$!
    until [ "$(curl -s -o /dev/null -w '%{http_code}' -m 1 "$url/alive")" = 200 ]; do
      kill -0 "$pid" 2>/dev/null || { echo "$name did not start" >&2; exit 1; }
    done
    ready=$(now_ms)
    curl -sf -o /dev/null "$url/"
    first=$(now_ms)
    rss=$(awk '/^VmRSS/ { print int($2 / 1024) }' "/proc/$pid/status")
    cold=$(rate)
    wrk -t2 -c32 -d10s "$url/" >/dev/null
    warm=$(rate)
    printf '%s\t%d\t%d\t%s\t%s\t%s\t%d\n' "$name" $((ready - started)) $((first - started)) "$cold" "$warm" \
      "$(awk -v a="$cold" -v b="$warm" 'BEGIN { printf "%.2f", a / b }')" "$rss" >>"$rows"
    kill -TERM "$pid"
    wait "$pid" 2>/dev/null || true
    pid=
  done
done

printf "%-14s %10s %10s %10s %10s %10s %10s\n" system "ready ms" "page ms" "first rps" "warm rps" "x warm" "RSS MB"
for build in "$@"; do
  printf "%-14s" "${build%%:*}"
  for column in 2 3 4 5 6 7; do
    awk -F'\t' -v n="${build%%:*}" -v c="$column" '$1 == n { print $c }' "$rows" | sort -g \
      | awk '{ v[NR] = $1 } END { printf " %10s", v[int((NR + 1) / 2)] }'
  done
  echo
done
