#!/usr/bin/env bash
# Copyright The otelcol-flows Authors
# SPDX-License-Identifier: Apache-2.0
# Usage: scripts/ocb-generate.sh OUT_DIR [VERSION]
# Generates the distribution's main package with ocb into OUT_DIR from builder-config.yaml, with
# dist.output_path and, when given, dist.version replaced. ocb writes the version into main.go as a
# literal (no -ldflags -X can reach it), so `make build` generates a copy stamped with the version
# and commit into distribution/_build/ (git-ignored) and builds that; `make generate` writes the
# committed, unstamped distribution/otelcol-flows; scripts/check-versions.sh compares a fresh copy.
set -euo pipefail
cd "$(dirname "$0")/.."

out=$(realpath -m "$1")
version=${2:-}
ocb=${OCB:-$(go env GOPATH)/bin/builder}
if [ ! -x "$ocb" ]; then
  echo "ocb not found at $ocb (run: make ocb)" >&2
  exit 1
fi
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed -e "s#output_path: ./distribution/otelcol-flows#output_path: $out#" \
  ${version:+-e "s#^  version: .*#  version: \"$version\"#"} builder-config.yaml > "$tmp/builder-config.yaml"
"$ocb" --config "$tmp/builder-config.yaml" --skip-get-modules --skip-compilation >"$tmp/ocb.log" 2>&1 || { cat "$tmp/ocb.log" >&2; exit 1; }
gofmt -w "$out"  # ocb's output is not gofmt-clean
