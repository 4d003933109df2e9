#!/usr/bin/env bash
# Copyright The otelcol-flows Authors
# SPDX-License-Identifier: Apache-2.0
# End-to-end load benchmark (`make bench-e2e`): builds flowgen and the
# harness, then runs tools/benche2e against otelcol-flows on loopback.
#
#   scripts/bench-e2e.sh                       # (a) ipfix -> counting OTLP sink: 50k,100k,200k,300k flows/s,
#                                              #     3 bisection steps, then 60 s at 2x the best loss-free rate
#   scripts/bench-e2e.sh -rates 100000,200000 -burst 60s
#   BENCH_PIPELINE=es scripts/bench-e2e.sh     # (b) full Elasticsearch pipeline
#   BENCH_PIPELINE=compare scripts/bench-e2e.sh  # (d) `make bench-compare` (issue 17): the shipped receiver
#                                              #     defaults -> counting OTLP sink, then goflow2 v2.2.6 (its
#                                              #     defaults, JSON lines) through the same steps; prints the
#                                              #     ratio of the highest zero-loss rates
#   BENCH_PIPELINE=churn scripts/bench-e2e.sh  # (c) address churn: 60,000 flows/s, every source and
#                                              #     destination new, through the shipped enrichment, for a
#                                              #     refusing, a silent and a dnsmasq (NXDOMAIN + SOA) name
#                                              #     server, each with and without reversedns (about 2.5 minutes)
#
# Environment:
#   OTELCOL_FLOWS_BIN  collector binary (default bin/otelcol-flows, built with `make build` if missing)
#   BENCH_PIPELINE     otlp (default), es, churn or compare
#   BENCH_OUT          also append the report to this file
# Any other arguments go to benche2e (see `cd tools && go run ./benche2e -h`).
set -euo pipefail
cd "$(dirname "$0")/.."
export GONOSUMDB=go.opentelemetry.io/ebpf-profiler,go.opentelemetry.io/collector/internal/schemagen

bin="${OTELCOL_FLOWS_BIN:-bin/otelcol-flows}"
if [[ ! -x "$bin" ]]; then
  if [[ -n "${OTELCOL_FLOWS_BIN:-}" ]]; then
    echo "bench-e2e: OTELCOL_FLOWS_BIN=$bin is not executable" >&2
    exit 1
  fi
  make build
fi
if ! "$bin" components 2>/dev/null | grep -q -- '- name: ipfix$'; then
  echo "bench-e2e: $bin has no ipfix receiver; rebuild it (make build)" >&2
  exit 1
fi

mkdir -p bin
(cd tools && go build -o ../bin/flowgen ./flowgen)
(cd tools && go build -o ../bin/benche2e ./benche2e)
if [[ "${BENCH_PIPELINE:-otlp}" == compare ]]; then
  # The peer at the version tools/go.mod requires, from the module proxy.
  (cd tools && go build -o ../bin/goflow2 github.com/netsampler/goflow2/v2/cmd/goflow2)
fi

case "${BENCH_PIPELINE:-otlp}" in
  otlp) args=(-config tools/benche2e/configs/ipfix-otlp.yaml -sink otlp -refine 3 -burst 60s) ;;
  # A warm DNS cache: 500 remote hosts per exporter and family (8,000 in all,
  # a busy home or office network), which a 10 s warm-up nearly covers.
  es)   args=(-config distribution/otel-elasticsearch.yaml -sink es -rates 5000,10000,25000,50000 -hosts 500 -warmup-rate 5000 -warmup 10s -refine 2) ;;
  # Issue 24: a scan or DDoS must not cost flows. One run per name server
  # behaviour, with reversedns and without it, the rest as shipped.
  churn) args=(-config tools/benche2e/configs/ipfix-enrich-otlp.yaml -sink otlp -hosts 0 -exporters 4
               -rates 60000 -step 20s -warmup 0) ;;
  # Both sides with their shipped defaults, the same generator, rates and bisection, in one run.
  # 10 s steps keep a run near 5 minutes, so that three runs (the median quoted) fit a quiet slot.
  compare) args=(-config tools/benche2e/configs/ipfix-defaults-otlp.yaml -sink otlp
                 -rates 50000,100000,200000,300000,400000 -refine 2 -step 10s -peer goflow2 -peer-bin bin/goflow2) ;;
  *)    echo "bench-e2e: BENCH_PIPELINE must be otlp, es, churn or compare" >&2; exit 2 ;;
esac

# The receiver asks for read_buffer_size with SO_RCVBUFFORCE, which needs
# CAP_NET_ADMIN; without it the kernel caps the buffer at net.core.rmem_max.
rmem_max=$(cat /proc/sys/net/core/rmem_max 2>/dev/null || echo 0)
if [[ $(id -u) -ne 0 && $rmem_max -lt 16777216 ]]; then
  echo "bench-e2e: not root and net.core.rmem_max=$rmem_max: socket buffers are capped there;" >&2
  echo "           for the documented figures run: sudo sysctl -w net.core.rmem_max=33554432" >&2
fi

run() {
  bin/benche2e -bin "$bin" -flowgen bin/flowgen "${args[@]}" "$@"
}
if [[ "${BENCH_PIPELINE:-otlp}" == churn ]]; then
  run() {
    for dns in refuse silent dnsmasq; do
      for procs in memory_limiter,networkdirection,protocolname,reversedns,geoip,ecsdocument \
                   memory_limiter,networkdirection,protocolname,geoip,ecsdocument; do
        bin/benche2e -bin "$bin" -flowgen bin/flowgen "${args[@]}" -dns "$dns" \
          -set "service::pipelines::logs::processors=[$procs]" "$@"
        echo
      done
    done
  }
fi

{
  echo "## bench-e2e $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), rmem_max=$rmem_max"
  echo
  run "$@"
} | tee ${BENCH_OUT:+-a "$BENCH_OUT"}
