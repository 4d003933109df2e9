// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package flowpcaptest // import "github.com/otelcol-flows/otelcol-flows/internal/flowpcaptest"

import (
	"fmt"
	"strconv"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
)

// Record is what a flow log record says about one flow direction.
type Record struct {
	// Exporter is the resource's netflow.exporter.address: the source
	// address and port of the exporter's session.
	Exporter         string
	Key              string
	Bytes, Packets   int64 // source.*
	RevBytes, RevPkt int64 // destination.* (the reverse direction of a biflow)
	NetBytes, NetPkt int64
	// Start and End are event.start and event.end (zero when absent);
	// Timestamp is the log record's timestamp (the flow end).
	Start, End, Timestamp time.Time
}

// Records extracts the ECS flow fields of every flow log record; records
// of options data (netflow.type "netflow_options") are skipped.
func Records(all []plog.Logs) ([]Record, error) {
	var out []Record
	for _, logs := range all {
		for _, rl := range logs.ResourceLogs().All() {
			exporter, _ := rl.Resource().Attributes().Get("netflow.exporter.address")
			for _, sl := range rl.ScopeLogs().All() {
				for _, lr := range sl.LogRecords().All() {
					if typ, ok := lr.Attributes().Get("netflow.type"); ok && typ.Str() != "netflow_flow" {
						continue
					}
					rec, err := recordOf(lr.Attributes())
					if err != nil {
						return nil, err
					}
					rec.Timestamp = lr.Timestamp().AsTime()
					rec.Exporter = exporter.Str()
					out = append(out, rec)
				}
			}
		}
	}
	return out, nil
}

func recordOf(a pcommon.Map) (Record, error) {
	str := func(k string) string {
		if v, ok := a.Get(k); ok {
			return v.AsString()
		}
		return ""
	}
	num := func(k string) int64 {
		if v, ok := a.Get(k); ok {
			return v.Int()
		}
		return 0
	}
	for _, k := range []string{"source.ip", "source.port", "destination.ip", "destination.port", "network.iana_number"} {
		if _, ok := a.Get(k); !ok {
			return Record{}, fmt.Errorf("record without %s: %v", k, a.AsRaw())
		}
	}
	start, err := optionalTime(str("event.start"))
	if err != nil {
		return Record{}, fmt.Errorf("event.start: %w", err)
	}
	end, err := optionalTime(str("event.end"))
	if err != nil {
		return Record{}, fmt.Errorf("event.end: %w", err)
	}
	return Record{
		Start: start, End: end,
		Key: keyOf(int(num("network.iana_number")), str("source.ip"), strconv.FormatInt(num("source.port"), 10),
			str("destination.ip"), strconv.FormatInt(num("destination.port"), 10)),
		Bytes: num("source.bytes"), Packets: num("source.packets"),
		RevBytes: num("destination.bytes"), RevPkt: num("destination.packets"),
		NetBytes: num("network.bytes"), NetPkt: num("network.packets"),
	}, nil
}

// optionalTime parses an RFC 3339 time; "" (attribute absent) is the zero time.
func optionalTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339Nano, s)
}

// Conversation returns the first and last packet time of f and its
// reverse direction together: softflowd tracks both directions as one
// flow and exports both records with the conversation's times.
func Conversation(flows []Flow, f Flow) (first, last time.Time) {
	first, last = f.First, f.Last
	for _, r := range flows {
		if r.Src == f.Dst && r.Dst == f.Src && r.Proto == f.Proto {
			if r.First.Before(first) {
				first = r.First
			}
			if r.Last.After(last) {
				last = r.Last
			}
		}
	}
	return first, last
}

// TimePrecision is how far an exporter's flow times may be from the
// packets' capture times: NetFlow v9 headers carry whole seconds only
// (RFC 3954 section 5.1), and the flow's offset from the header's
// sysUpTime adds milliseconds that softflowd truncates independently
// (seen: 1.002 s), so 1 s + 5 ms;
// v5 places a flow by the header's export time minus (sysUptime - First),
// two millisecond values the exporter truncates independently (fprobe's
// flows came out up to 1.13 ms before their first packet); softflowd's
// IPFIX carries uptime offsets from systemInitTimeMilliseconds, both
// truncated to the millisecond: either may be up to 2 ms early.
func TimePrecision(version int) time.Duration {
	if version == 9 {
		return time.Second + 5*time.Millisecond
	}
	return 2 * time.Millisecond
}

// Biflow is a conversation as an RFC 5103 exporter reports it: the
// forward direction and, when there was traffic back, the reverse one.
type Biflow struct {
	Forward Flow
	Reverse *Flow
}

// Biflows pairs each flow with its reverse direction, keyed by the
// forward flow's Key and by the reverse flow's Key, since the exporter
// chooses which side is the source.
func Biflows(flows []Flow) map[string]Biflow {
	out := map[string]Biflow{}
	for i, f := range flows {
		if _, seen := out[f.Key()]; seen {
			continue
		}
		b := Biflow{Forward: f}
		for j := range flows {
			if r := flows[j]; r.Src == f.Dst && r.Dst == f.Src && r.Proto == f.Proto && j != i {
				b.Reverse = &flows[j]
			}
		}
		out[f.Key()] = b
		if b.Reverse != nil {
			out[b.Reverse.Key()] = Biflow{Forward: *b.Reverse, Reverse: &flows[i]}
		}
	}
	return out
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

// Merge sums the records of each flow direction into one, the way an
// exporter that reports a flow in several records (active timeouts;
// nfpcapd makes every DNS packet a flow) would have reported it whole:
// counters added, the earliest start and the latest end. The order of
// first appearance is kept.
func Merge(records []Record) []Record {
	var out []Record
	at := map[string]int{}
	for _, r := range records {
		i, seen := at[r.Key]
		if !seen {
			at[r.Key] = len(out)
			out = append(out, r)
			continue
		}
		m := &out[i]
		m.Bytes += r.Bytes
		m.Packets += r.Packets
		m.RevBytes += r.RevBytes
		m.RevPkt += r.RevPkt
		m.NetBytes += r.NetBytes
		m.NetPkt += r.NetPkt
		if r.Start.Before(m.Start) {
			m.Start = r.Start
		}
		if r.End.After(m.End) {
			m.End, m.Timestamp = r.End, r.Timestamp
		}
	}
	return out
}
