#!/usr/bin/env bash
# Pins the images of a kustomize overlay to registry digests.
#
#   deploy/pin-images.sh <overlay-dir> <service>=<registry/repository>@sha256:<64 hex> ...
#
# For each argument, the entry `name: buylist/<service>` of the overlay's `images:` list
# (or `name: <service>` when <service> contains a slash) is rewritten to
#
#   - name: buylist/<service>
#     newName: <registry/repository>
#     digest: sha256:<64 hex>
#
# and any newTag of that entry is dropped: the same fields that
# `kustomize edit set image buylist/<service>=<registry/repository>@sha256:<hex>` writes.
# It is done here with a small, exact line edit (awk) rather than the kustomize binary, so the
# code that CD runs is the code the tests run, on any machine with bash and awk:
#   - idempotent: the same arguments a second time leave the file byte for byte as it is;
#   - refuses a reference without a digest (a tag is not a pin), or with a tag and a digest;
#   - fails, and leaves the file untouched, when a name is not in `images:` (kustomize would
#     silently add it) or is there twice, or when the file has no block-style `images:` list.
# Everything else in the file (comments, other entries, other keys) is kept as it is.
set -euo pipefail

usage() {
  echo "usage: $0 <overlay-dir> <service>=<registry/repository>@sha256:<64 hex> ..." >&2
  exit 2
}

[[ $# -ge 2 ]] || usage
overlay=$1
shift

kustomization=""
for candidate in kustomization.yaml kustomization.yml Kustomization; do
  if [[ -f "$overlay/$candidate" ]]; then
    kustomization="$overlay/$candidate"
    break
  fi
done
if [[ -z "$kustomization" ]]; then
  echo "pin-images: no kustomization.yaml in '$overlay'" >&2
  exit 1
fi

# Validated requests, one per line: <image name in the overlay> TAB <new name> TAB <digest>.
requests=""
for argument in "$@"; do
  if [[ "$argument" != *=* ]]; then
    echo "pin-images: '$argument' is not <service>=<image>@sha256:<digest>" >&2
    exit 2
  fi
  service=${argument%%=*}
  ref=${argument#*=}
  if [[ ! "$service" =~ ^[a-z0-9]+([._/-][a-z0-9]+)*$ ]]; then
    echo "pin-images: '$service' is not a service or image name" >&2
    exit 2
  fi
  if [[ "$service" == */* ]]; then
    name=$service
  else
    name="buylist/$service"
  fi
  if [[ ! "$ref" =~ ^([a-z0-9]+((\.|__?|-+)[a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+((\.|__?|-+)[a-z0-9]+)*)*)@(sha256:[0-9a-f]{64})$ ]]; then
    echo "pin-images: '$ref' is not <registry/repository>@sha256:<64 lowercase hex> (a tag is not a pin)" >&2
    exit 2
  fi
  new_name=${ref%@*}
  digest=${ref##*@}
  if [[ "$new_name" != */* ]]; then
    echo "pin-images: '$new_name' has no registry or repository path" >&2
    exit 2
  fi
  if [[ $'\n'"$requests" == *$'\n'"$name"$'\t'* ]]; then
    echo "pin-images: '$name' is given twice" >&2
    exit 2
  fi
  requests+="$name"$'\t'"$new_name"$'\t'"$digest"$'\n'
done

edited=$(mktemp)
trap 'rm -f "$edited"' EXIT

# The awk program reads the requests from the environment (no escape processing, unlike -v).
PIN_REQUESTS=$requests awk '
function fail(message) {
  print "pin-images: " FILENAME ": " message > "/dev/stderr"
  failed = 1
  exit 1
}
function unquote(value) {
  sub(/[ \t]+#.*$/, "", value)
  sub(/^[ \t]+/, "", value)
  sub(/[ \t]+$/, "", value)
  if (value ~ /^".*"$/ || value ~ /^\047.*\047$/) {
    value = substr(value, 2, length(value) - 2)
  }
  return value
}
function spaces(count,    text) {
  text = ""
  while (count-- > 0) {
    text = text " "
  }
  return text
}
# The key of an entry line ("name" for "name: x"), or "" for a comment, a blank or a nested line.
function key_of(line, i) {
  if (i == 1) {
    line = substr(line, item_key_indent + 1)
  } else {
    if (match(line, /^ */) && RLENGTH != item_key_indent) {
      return ""
    }
    line = substr(line, item_key_indent + 1)
  }
  if (match(line, /^[A-Za-z_][A-Za-z0-9_]*:/)) {
    return substr(line, 1, RLENGTH - 1)
  }
  return ""
}
function value_of(line, i,    rest) {
  rest = substr(line, item_key_indent + 1)
  sub(/^[A-Za-z_][A-Za-z0-9_]*:/, "", rest)
  return rest
}
function flush_item(    i, key, name, name_line, pad, rest) {
  if (item_count == 0) {
    return
  }
  name = ""
  name_line = 0
  for (i = 1; i <= item_count; i++) {
    if (key_of(item[i], i) == "name") {
      name = unquote(value_of(item[i], i))
      name_line = i
      break
    }
  }
  if (!(name in wanted)) {
    for (i = 1; i <= item_count; i++) {
      print item[i]
    }
    item_count = 0
    return
  }
  found[name]++
  pad = spaces(item_key_indent)
  if (name_line == 1) {
    print item[1]
  } else {
    print spaces(dash_indent) "-" spaces(item_key_indent - dash_indent - 1) "name:" value_of(item[name_line], name_line)
  }
  print pad "newName: " new_name[name]
  print pad "digest: " digest[name]
  for (i = 1; i <= item_count; i++) {
    if (i == name_line) {
      continue
    }
    key = key_of(item[i], i)
    if (key == "name" || key == "newName" || key == "newTag" || key == "digest") {
      continue
    }
    if (i == 1) {
      # Another key after the dash: keep it as a plain key line under the entry.
      print pad substr(item[1], item_key_indent + 1)
    } else {
      print item[i]
    }
  }
  item_count = 0
}
BEGIN {
  count = split(ENVIRON["PIN_REQUESTS"], lines, "\n")
  for (i = 1; i <= count; i++) {
    if (lines[i] == "") {
      continue
    }
    split(lines[i], field, "\t")
    wanted[field[1]] = 1
    new_name[field[1]] = field[2]
    digest[field[1]] = field[3]
  }
  state = "before"
  item_count = 0
  dash_indent = -1
}
{
  sub(/\r$/, "")
}
state == "before" {
  if ($0 ~ /^images:[ \t]*(#.*)?$/) {
    state = "images"
    seen_images = 1
  } else if ($0 ~ /^images:/) {
    fail("only a block-style images: list is supported")
  }
  print
  next
}
state == "images" {
  if ($0 ~ /^[ \t]*(#.*)?$/) {
    # A blank or comment line: part of the current entry, or kept in place between entries.
    if (item_count > 0) {
      item[++item_count] = $0
    } else {
      print
    }
    next
  }
  if ($0 ~ /^[^ \t-]/) {
    # The next top-level key ends the list.
    flush_item()
    state = "after"
    print
    next
  }
  if ($0 ~ /^\t/) {
    fail("tabs are not allowed for indentation in YAML")
  }
  if (match($0, /^ *- /)) {
    match($0, /^ */)
    indent = RLENGTH
    if (dash_indent < 0) {
      dash_indent = indent
    }
    if (indent == dash_indent) {
      flush_item()
      match($0, /^ *- +/)
      item_key_indent = RLENGTH
      item[++item_count] = $0
      next
    }
  }
  if ($0 ~ /^ *-[ \t]*$/) {
    fail("an images: entry must start on its dash line (- name: ...)")
  }
  if (item_count == 0) {
    fail("unexpected line in images: " $0)
  }
  item[++item_count] = $0
  next
}
{
  print
}
END {
  if (failed) {
    exit 1
  }
  if (state == "images") {
    flush_item()
  }
  if (!seen_images) {
    print "pin-images: " FILENAME ": no images: list" > "/dev/stderr"
    exit 1
  }
  for (name in wanted) {
    if (found[name] == 0) {
      print "pin-images: " FILENAME ": image " name " is not in images:" > "/dev/stderr"
      missing = 1
    } else if (found[name] > 1) {
      print "pin-images: " FILENAME ": image " name " is in images: " found[name] " times" > "/dev/stderr"
      missing = 1
    }
  }
  if (missing) {
    exit 1
  }
}
' "$kustomization" >"$edited"

while IFS=$'\t' read -r name new_name digest; do
  [[ -n "$name" ]] || continue
  echo "pin-images: $name -> $new_name@$digest"
done <<<"$requests"

if cmp -s "$edited" "$kustomization"; then
  echo "pin-images: $kustomization unchanged"
else
  # Rewrite in place (keeps the file's mode and owner).
  cat "$edited" >"$kustomization"
  echo "pin-images: $kustomization updated"
fi
