#!/usr/bin/env bash
# Lists every third-party container image BuyList runs, one per line, fully qualified (docker.io/library/mongo:8.0):
# what kubectl kustomize renders for every overlay under deploy/k8s/overlays, the Job load.sh creates, and the images
# the AppHost's hosting code names (BuyList.AppHost/Hosting/*.cs, `const string <X>Image` with its `<X>Tag`). Our own
# images (buylist/*, which deploy.sh builds, and ghcr.io/*, which CD publishes) are left out.
#
#   deploy/images.sh [--pull]
#
#   --pull       pull each image once (docker pull), so that a tag that does not exist fails here, named, rather
#                than as an ImagePullBackOff deep in a deployment; every image is tried, the missing ones are listed
#   -h, --help   this text
#
# Needs kubectl (built-in kustomize); --pull needs docker.
set -euo pipefail

# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

pull=false
option() {
  case "$1" in
    --pull) flag "$1" ;;
  esac
}
parse_options "$@"

needs_kubectl

# docker.io/library/<name> for a bare name, docker.io/<path> for a path without a registry: one spelling per image.
qualify() {
  local ref=$1
  if [[ "$ref" != */* ]]; then
    ref="docker.io/library/$ref"
  elif [[ "${ref%%/*}" != *.* && "${ref%%/*}" != *:* && "${ref%%/*}" != localhost ]]; then
    ref="docker.io/$ref"
  fi
  if [[ "$ref" == docker.io/* && "${ref#docker.io/}" != */* ]]; then
    ref="docker.io/library/${ref#docker.io/}"
  fi
  printf '%s\n' "$ref"
}

# The image: fields of a YAML stream.
images_in() { sed -n 's/^[[:space:]]*-\{0,1\}[[:space:]]*image:[[:space:]]*["'\'']\{0,1\}\([^"'\''[:space:]]*\).*/\1/p'; }

manifest_images() {
  local overlay
  for overlay in "$DEPLOY_DIR"/k8s/overlays/*/; do
    kubectl kustomize "$overlay" | images_in
  done
  bash "$DEPLOY_DIR/load.sh" --dry-run | images_in
}

# The AppHost registers each image as a pair of constants (Image = "apache/kafka", Tag = "4.1.0"; UiImage, UiTag)
# and pulls from docker.io unless the image names another registry.
apphost_images() {
  local file prefix image tag
  for file in "$REPO_ROOT"/BuyList.AppHost/Hosting/*.cs; do
    while IFS='|' read -r prefix image; do
      tag=$(sed -n "s/.*const string ${prefix}Tag = \"\\([^\"]*\\)\";.*/\\1/p" "$file")
      [[ -n "$tag" ]] || die "$file: ${prefix}Image has no ${prefix}Tag constant"
      printf '%s:%s\n' "$image" "$tag"
    done < <(sed -n 's/.*const string \([A-Za-z]*\)Image = "\([^"]*\)";.*/\1|\2/p' "$file")
  done
}

list() {
  { manifest_images && apphost_images; } | grep -Ev '^(buylist/|ghcr\.io/)' | while read -r ref; do qualify "$ref"; done | sort -u
}

images=$(list)
[[ -n "$images" ]] || die "no image found: the manifests or the AppHost's hosting code are not where this script looks"

if ! $pull; then
  printf '%s\n' "$images"
  exit 0
fi

has docker || die "docker is not installed: --pull needs it"
missing=()
for image in $images; do
  info "docker pull $image"
  if ! docker pull --quiet "$image" >/dev/null; then
    missing+=("$image")
  fi
done
if [[ ${#missing[@]} -gt 0 ]]; then
  printf '  %s\n' "${missing[@]}" >&2
  die "the ${#missing[@]} image(s) above could not be pulled (a wrong tag, or the registry is unreachable)"
fi
ok "all $(wc -l <<<"$images" | tr -d ' ') images pulled"
