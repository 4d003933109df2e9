// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package flowpcaptest // import "github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver/flowpcaptest"

import (
	"fmt"
	"strconv"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
)

// Record is what a flow log record says about one flow direction.
type Record struct {
	Key              string
	Bytes, Packets   int64
	NetBytes, NetPkt int64
}

// Records extracts the ECS flow fields of every flow log record; records
// of options data (netflow.type "netflow_options") are skipped.
func Records(all []plog.Logs) ([]Record, error) {
	var out []Record
	for _, logs := range all {
		for _, rl := range logs.ResourceLogs().All() {
			for _, sl := range rl.ScopeLogs().All() {
				for _, lr := range sl.LogRecords().All() {
					if typ, ok := lr.Attributes().Get("netflow.type"); ok && typ.Str() != "netflow_flow" {
						continue
					}
					rec, err := recordOf(lr.Attributes())
					if err != nil {
						return nil, err
					}
					out = append(out, rec)
				}
			}
		}
	}
	return out, nil
}

func recordOf(a pcommon.Map) (Record, error) {
	str := func(k string) string { v, _ := a.Get(k); return v.AsString() }
	num := func(k string) int64 { v, _ := a.Get(k); return v.Int() }
	for _, k := range []string{"source.ip", "source.port", "destination.ip", "destination.port", "network.iana_number"} {
		if _, ok := a.Get(k); !ok {
			return Record{}, fmt.Errorf("record without %s: %v", k, a.AsRaw())
		}
	}
	return Record{
		Key: keyOf(int(num("network.iana_number")), str("source.ip"), strconv.FormatInt(num("source.port"), 10),
			str("destination.ip"), strconv.FormatInt(num("destination.port"), 10)),
		Bytes: num("source.bytes"), Packets: num("source.packets"),
		NetBytes: num("network.bytes"), NetPkt: num("network.packets"),
	}, nil
}

// Expected returns the flows an exporter of the given NetFlow version
// reports: v5 has no IPv6.
func Expected(flows []Flow, version int) map[string]Flow {
	want := map[string]Flow{}
	for _, f := range flows {
		if version == 5 && f.IPv6() {
			continue
		}
		want[f.Key()] = f
	}
	return want
}
