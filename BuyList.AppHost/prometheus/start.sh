#!/bin/sh
# Entry point of the local Prometheus container (see prometheus.yml), run by the image's busybox shell.
# Each SCRAPE_<PROJECT>=<host:port> variable the AppHost sets becomes the file_sd target file
# /prometheus/targets/<project>.json; then Prometheus starts with the mounted configuration.
set -eu

targets=/prometheus/targets
mkdir -p "$targets"
env | while IFS='=' read -r name value; do
  case "$name" in
    SCRAPE_*)
      job=$(printf '%s' "${name#SCRAPE_}" | tr '[:upper:]' '[:lower:]')
      printf '[{"targets": ["%s"]}]\n' "$value" >"$targets/$job.json"
      echo "start.sh: scraping $job at $value"
      ;;
  esac
done

exec /bin/prometheus --config.file=/etc/prometheus/prometheus.yml --storage.tsdb.path=/prometheus
