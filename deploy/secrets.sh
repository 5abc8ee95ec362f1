#!/usr/bin/env bash
# Writes the secret env files that deploy/k8s/secrets/kustomization.yaml turns into Secrets, generating every value
# that is not there yet. Nothing here talks to a cluster; deploy.sh first recovers the values of a cluster that
# already runs (so that a lost file never locks the apps out of an initialised MongoDB), then calls this.
#
#   deploy/secrets.sh [--dir DIR]      DIR defaults to deploy/k8s/secrets
#
# Files (mode 0600, gitignored, KEY=VALUE lines):
#   .mongodb.secrets           MONGO_INITDB_ROOT_USERNAME, MONGO_INITDB_ROOT_PASSWORD,
#                              BUYLIST_APP_USERNAME, BUYLIST_APP_PASSWORD
#   .management.secrets        ConnectionStrings__mongodb (always derived from .mongodb.secrets)
#   .aspire-dashboard.secrets  DASHBOARD__FRONTEND__BROWSERTOKEN
# Values already in a file are kept: running it again changes nothing.
set -euo pipefail

# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

dir="$DEPLOY_DIR/k8s/secrets"
option() {
  case "$1" in
    --dir) text "$@" ;;
  esac
}
parse_options "$@"
[[ -d "$dir" ]] || die "no directory '$dir'"

umask 077

# 32 characters of [A-Za-z0-9]: about 190 bits, and nothing that needs quoting in an env file or a URL.
random_token() {
  local token=''
  while [[ ${#token} -lt 32 ]]; do
    token+=$(head -c 64 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9')
  done
  printf '%s' "${token:0:32}"
}

# Percent-encodes everything but RFC 3986 unreserved characters (user names and passwords in the connection string).
urlencode() {
  # Byte by byte: a non-ASCII character becomes its UTF-8 bytes, each percent-encoded.
  local LC_ALL=C
  local input=$1 output='' c i
  for ((i = 0; i < ${#input}; i++)); do
    c=${input:i:1}
    case "$c" in
      [A-Za-z0-9.~_-]) output+=$c ;;
      *) output+=$(printf '%%%02X' "'$c") ;;
    esac
  done
  printf '%s' "$output"
}

# value FILE KEY: the value of KEY in FILE, empty when either is missing.
value() {
  [[ -f "$1" ]] || return 0
  local line
  while IFS= read -r line || [[ -n "$line" ]]; do
    if [[ "$line" == "$2="* ]]; then
      printf '%s' "${line#*=}"
      return 0
    fi
  done <"$1"
}

# ensure FILE KEY DEFAULT...: appends KEY=DEFAULT when FILE has no KEY yet.
ensure() {
  local file=$1 key=$2 default=$3
  if [[ -z "$(value "$file" "$key")" ]]; then
    printf '%s=%s\n' "$key" "$default" >>"$file"
    echo "secrets.sh: generated $key in $(basename "$file")"
  fi
  chmod 600 "$file"
}

mongodb="$dir/.mongodb.secrets"
ensure "$mongodb" MONGO_INITDB_ROOT_USERNAME root
ensure "$mongodb" MONGO_INITDB_ROOT_PASSWORD "$(random_token)"
ensure "$mongodb" BUYLIST_APP_USERNAME buylist
ensure "$mongodb" BUYLIST_APP_PASSWORD "$(random_token)"

# Management connects as the application user (readWrite on `buylist`), authenticated against `admin`.
management="$dir/.management.secrets"
user=$(urlencode "$(value "$mongodb" BUYLIST_APP_USERNAME)")
password=$(urlencode "$(value "$mongodb" BUYLIST_APP_PASSWORD)")
connection="mongodb://${user}:${password}@mongodb:27017/buylist?authSource=admin"
if [[ "$(value "$management" ConnectionStrings__mongodb)" != "$connection" ]]; then
  printf 'ConnectionStrings__mongodb=%s\n' "$connection" >"$management"
  echo "secrets.sh: wrote ConnectionStrings__mongodb in $(basename "$management")"
fi
chmod 600 "$management"

ensure "$dir/.aspire-dashboard.secrets" DASHBOARD__FRONTEND__BROWSERTOKEN "$(random_token)"
