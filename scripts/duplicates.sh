#!/usr/bin/env bash
# Copyright The otelcol-flows Authors
# SPDX-License-Identifier: Apache-2.0

# Lists repeated code the way issue 20 counts it (`make duplicates`): the workplace's `duplicates`
# tool over a copy of the tracked tree without generated files (a `// Code generated ... DO NOT
# EDIT.` line, as mdatagen, go generate and ocb write it) and with Go import blocks blanked (line
# numbers kept), so what it reports is code someone wrote twice. Arguments go to `duplicates`.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v duplicates >/dev/null || { echo "duplicates: not installed here" >&2; exit 2; }

tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
  [ -f "$f" ] || continue
  if [[ $f == *.go ]] && grep -qE '^// Code generated .* DO NOT EDIT\.$' "$f"; then
    continue
  fi
  mkdir -p "$tree/$(dirname "$f")"
  if [[ $f == *.go ]]; then
    awk '/^import \($/ { inimp = 1; print ""; next }
         inimp && /^\)$/ { inimp = 0; print ""; next }
         inimp || /^import "/ { print ""; next }
         { print }' "$f" >"$tree/$f"
  else
    cp "$f" "$tree/$f"
  fi
done
cd "$tree" && duplicates --most 200 --seconds 300 "$@"
