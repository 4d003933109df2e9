#!/usr/bin/env bash
# Copyright The otelcol-flows Authors
# SPDX-License-Identifier: Apache-2.0
# Module hygiene (`make check-modules`), for the modules given as arguments:
# 1. `go mod tidy` would change no go.mod or go.sum (the pins are check-versions.sh's job);
# 2. an outside ocb build that imports only the ipfix receiver resolves without the
#    distribution's exporters: the components module must not drag the Elasticsearch or Kafka
#    exporter into its importers' module graph.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

for m in "$@"; do
  if ! out=$(cd "$m" && go mod tidy -diff 2>&1); then
    echo "go mod tidy would change module $m (run: make tidy):" >&2
    echo "$out" >&2
    exit 1
  fi
done

ocb=${OCB:-$(go env GOPATH)/bin/builder}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/builder-config.yaml" <<YAML
dist:
  name: importer
  output_path: $tmp/out
  module: example.com/importer
receivers:
  - gomod: github.com/otelcol-flows/otelcol-flows v0.0.0
    import: github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver
    path: $root
exporters:
  - gomod: go.opentelemetry.io/collector/exporter/debugexporter v0.156.0
providers:
  - gomod: go.opentelemetry.io/collector/confmap/provider/fileprovider v1.62.0
YAML
"$ocb" --config "$tmp/builder-config.yaml" --skip-compilation >"$tmp/ocb.log" 2>&1 || { cat "$tmp/ocb.log" >&2; exit 1; }
heavy=$(cd "$tmp/out" && go mod graph | awk '{print $2}' | grep -E 'exporter/(elasticsearch|kafka)exporter|sarama|franz-go' | sort -u || true)
if [ -n "$heavy" ]; then
  echo "an ocb build importing only the ipfix receiver pulls in:" >&2
  echo "$heavy" >&2
  exit 1
fi
echo "modules tidy; an ocb build of the ipfix receiver alone needs $(cd "$tmp/out" && go list -m all | wc -l) modules, none of the distribution's exporters"
