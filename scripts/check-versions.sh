#!/usr/bin/env bash
# Copyright The otelcol-flows Authors
# SPDX-License-Identifier: Apache-2.0
# Fails when a collector module in go.mod drifts from the release this distribution is pinned to,
# or when regenerating the ocb sources would change the committed ones.
# ocb runs with --skip-get-modules (into the distribution module), so it no longer checks versions
# itself and a bare `go mod tidy` would silently pull newer collector releases: this is the guard.
set -euo pipefail
cd "$(dirname "$0")/.."

core_stable=v1.62.0
core_beta=v0.156.0
contrib=v0.156.0

# `go mod edit -print` normalises go.mod to one "path version" per require line; every module of
# the repo (components, distribution, tests, tools) is held to the same release.
drift=$(for mod in $(find . -name go.mod -not -path './bin/*' -not -path './data/*'); do go mod edit -print "$mod"; done | awk -v stable="$core_stable" -v beta="$core_beta" -v contrib="$contrib" '
  # One allowed replace: contrib never published pkg/translator/azure v0.156.0, which kafkareceiver
  # v0.156.0 requires (its go.mod replaces it by a local path that a module consumer cannot see).
  /^replace/ && $0 ~ /pkg\/translator\/azure v0\.156\.0 => github\.com\/open-telemetry\/opentelemetry-collector-contrib\/pkg\/translator\/azure v0\.155\.0$/ { next }
  /^replace/ || /=>/ { if ($0 ~ /opentelemetry-collector-contrib|go\.opentelemetry\.io\/collector/) print "replaced: " $0; next }
  {
    for (i = 1; i < NF; i++) {
      if ($i ~ /^go\.opentelemetry\.io\/collector(\/|$)/ && $(i+1) != stable && $(i+1) != beta)
        print $i, $(i+1), "(want " beta " or " stable ")"
      if ($i ~ /^github\.com\/open-telemetry\/opentelemetry-collector-contrib\// && $(i+1) != contrib)
        print $i, $(i+1), "(want " contrib ")"
    }
  }')
if [ -n "$drift" ]; then
  echo "collector modules drifted from the pinned release:" >&2
  echo "$drift" >&2
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
./scripts/ocb-generate.sh "$tmp/gen"
for f in "$tmp"/gen/*.go; do
  if ! diff -u "distribution/otelcol-flows/$(basename "$f")" "$f"; then
    echo "distribution/otelcol-flows is stale: run 'make generate' and commit" >&2
    exit 1
  fi
done
echo "collector modules pinned at $core_beta/$core_stable (contrib $contrib); generated sources up to date"
