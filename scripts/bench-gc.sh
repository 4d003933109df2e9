#!/usr/bin/env bash
# Copyright The otelcol-flows Authors
# SPDX-License-Identifier: Apache-2.0
#
# GC settings compared at one load (`make bench-gc`): flowgen -> the ipfix receiver with its
# defaults -> file exporter to /dev/null, once per gc_defaults variant, each RUNS times in turn.
# Prints per run the GC's share of the collector's CPU (gctrace's figure at the end), collections,
# peak RSS, CPU µs per accepted flow and what the receiver dropped.
#
#   scripts/bench-gc.sh                  # 100,000 flows/s, 10 s, 3 rounds
#   RATE=60000 DURATION=20s RUNS=5 scripts/bench-gc.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${OTELCOL_FLOWS_BIN:-bin/otelcol-flows}"
rate="${RATE:-100000}" duration="${DURATION:-10s}" runs="${RUNS:-3}"
udp_port="${BENCH_UDP_PORT:-22055}" metrics_port="${BENCH_METRICS_PORT:-28899}"
(cd tools && go build -o ../bin/flowgen ./flowgen)
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

# name gc_percent min_heap_mib [GOGC]
variants=(
  "floor-192,gc-100 100 192"
  "gogc-100 100 0"
  "gogc-400 400 0"
)

run() {
  local name=$1 pct=$2 floor=$3
  BENCH_GC_PERCENT=$pct BENCH_MIN_HEAP_MIB=$floor BENCH_UDP_ENDPOINT=127.0.0.1:$udp_port \
    BENCH_METRICS_PORT=$metrics_port GODEBUG=gctrace=1 \
    "$bin" --config tools/benche2e/configs/ipfix-gc-file.yaml >"$log" 2>&1 &
  local pid=$!
  for _ in $(seq 50); do curl -sf "127.0.0.1:$metrics_port/metrics" >/dev/null && break; sleep 0.1; done
  local t0; t0=$(awk '{print $14+$15}' "/proc/$pid/stat")
  bin/flowgen -rate "$rate" -exporters 8 -duration "$duration" -target "127.0.0.1:$udp_port" >/dev/null 2>&1
  sleep 2
  local t1; t1=$(awk '{print $14+$15}' "/proc/$pid/stat")
  local m; m=$(curl -s "127.0.0.1:$metrics_port/metrics")
  local hwm; hwm=$(awk '/VmHWM/{print $2}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  local acc drop gc cycles
  acc=$(awk '/^otelcol_receiver_accepted_log_records/{print $2}' <<<"$m")
  drop=$(awk '/^otelcol_receiver_ipfix_packets_dropped/{s+=$2} END{print s+0}' <<<"$m")
  gc=$(grep '^gc ' "$log" | tail -1 | awk '{print $4}' | tr -d ':')
  cycles=$(grep -c '^gc ' "$log" || true)
  awk -v n="$name" -v a="$acc" -v d="$drop" -v g="$gc" -v c="$cycles" -v h="$hwm" -v t0="$t0" -v t1="$t1" \
    -v hz="$(getconf CLK_TCK)" 'BEGIN{printf "| %s | %s | %d | %.0f | %.2f | %d | %d |\n", n, g, c, h/1024, (t1-t0)/hz*1e6/(a>0?a:1), a, d}'
}

echo "rate $rate flows/s for $duration, $runs rounds; $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| variant | GC share of CPU | collections | peak RSS (MB) | CPU µs/flow | flows accepted | packets dropped |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for _ in $(seq "$runs"); do
  for v in "${variants[@]}"; do
    # shellcheck disable=SC2086
    run $v
  done
done
