// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ecsdocumentprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/ecsdocumentprocessor"

import (
	"context"
	"strings"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otelcol-flows/otelcol-flows/processor/ecsdocumentprocessor/internal/metadata"
)

// Names the elasticsearch exporter (v0.156.0) reads. elasticsearch.index and
// elasticsearch.document_id are looked up in the record attributes first; in
// bodymap mode only the body is written, so neither lands in _source.
const (
	attrIndex          = "elasticsearch.index"
	attrDocumentID     = "elasticsearch.document_id"
	scopeMappingMode   = "elastic.mapping.mode"
	mappingModeBodyMap = "bodymap"
	fieldTimestamp     = "@timestamp"
	fieldMessage       = "message"
	fieldCreated       = "event.created"
	fieldECSVersion    = "ecs.version"
	// ecsVersion is the ECS release the shipped index template follows
	// (distribution/elasticsearch/component-ecs.json, _meta.ecs_version).
	ecsVersion = "8.17.0"
	// Elasticsearch stores dates in milliseconds; a fixed width keeps documents uniform.
	timestampLayout = "2006-01-02T15:04:05.000Z"
)

type documentShaper struct {
	cfg       *Config
	exclude   excluder
	idExclude excluder
	telemetry *metadata.TelemetryBuilder
	now       func() time.Time
}

func newDocumentShaper(set component.TelemetrySettings, cfg *Config) (*documentShaper, error) {
	tb, err := metadata.NewTelemetryBuilder(set)
	if err != nil {
		return nil, err
	}
	return &documentShaper{cfg: cfg, exclude: newExcluder(cfg.Exclude), idExclude: newExcluder(cfg.DocumentIDExclude),
		telemetry: tb, now: time.Now}, nil
}

func (p *documentShaper) Shutdown(context.Context) error {
	p.telemetry.Shutdown()
	return nil
}

// batchState is reused across the records of one call: consecutive flows
// mostly fall on the same day, and the hash buffer keeps its capacity.
type batchState struct {
	day     int64
	index   string
	hashBuf []byte
	missing int64
	// One datagram's records share their arrival time: format it once.
	observed    pcommon.Timestamp
	observedStr string
}

func (p *documentShaper) ProcessLogs(ctx context.Context, ld plog.Logs) (plog.Logs, error) {
	st := batchState{day: -1 << 62}
	var n int64
	for _, rl := range ld.ResourceLogs().All() {
		res := rl.Resource().Attributes()
		for _, sl := range rl.ScopeLogs().All() {
			if shaped(sl) {
				// Already documents: a receiver offering a batch again after a
				// non-permanent error further down the pipeline sends it
				// through here twice.
				continue
			}
			// A scope attribute is how the exporter picks the mapping mode per
			// scope; no exporter or receiver configuration is involved.
			sl.Scope().Attributes().PutStr(scopeMappingMode, mappingModeBodyMap)
			for _, lr := range sl.LogRecords().All() {
				p.shape(&st, res, lr)
			}
			n += int64(sl.LogRecords().Len())
		}
	}
	p.telemetry.ProcessorEcsdocumentDocuments.Add(ctx, n)
	if st.missing > 0 {
		p.telemetry.ProcessorEcsdocumentMissingTimestamp.Add(ctx, st.missing)
	}
	return ld, nil
}

// shaped reports whether this processor already turned the scope's records
// into documents.
func shaped(sl plog.ScopeLogs) bool {
	mode, ok := sl.Scope().Attributes().Get(scopeMappingMode)
	return ok && mode.Str() == mappingModeBodyMap
}

// shape moves the record's attributes into its body, adds @timestamp and the
// resource attributes, and leaves only routing attributes behind.
func (p *documentShaper) shape(st *batchState, res pcommon.Map, lr plog.LogRecord) {
	t := p.eventTime(st, lr)
	attrs := lr.Attributes()
	attrs.EnsureCapacity(attrs.Len() + res.Len() + 2)
	message := ""
	if body := lr.Body(); body.Type() == pcommon.ValueTypeStr {
		message = body.Str()
	}
	doc := lr.Body().SetEmptyMap()
	// MoveTo hands the attribute slice over without copying it.
	attrs.MoveTo(doc)
	if p.cfg.ResourceAttributes {
		for k, v := range res.All() {
			if _, exists := doc.Get(k); !exists {
				v.CopyTo(doc.PutEmpty(k))
			}
		}
	}
	if message != "" {
		doc.PutStr(fieldMessage, message)
	}
	var tbuf [len(timestampLayout) + 8]byte
	doc.PutStr(fieldTimestamp, string(t.AppendFormat(tbuf[:0], timestampLayout)))
	// Filebeat's event.created is when it read the flow; ours is when the datagram arrived.
	if created := st.created(lr.ObservedTimestamp()); created != "" {
		doc.PutStr(fieldCreated, created)
	}
	doc.PutStr(fieldECSVersion, ecsVersion)
	if p.exclude.any() {
		doc.RemoveIf(p.exclude.match)
	}
	attrs.PutStr(attrIndex, st.indexFor(p.cfg.IndexPrefix, t))
	if p.cfg.DocumentID {
		attrs.PutStr(attrDocumentID, st.documentID(doc, &p.idExclude))
	}
}

// eventTime is the flow's own time (the receiver sets the record timestamp
// to the flow end), falling back to when it was observed.
func (p *documentShaper) eventTime(st *batchState, lr plog.LogRecord) time.Time {
	ts := lr.Timestamp()
	if ts == 0 {
		st.missing++
		ts = lr.ObservedTimestamp()
		if ts == 0 {
			return p.now().UTC()
		}
	}
	return time.Unix(0, int64(ts)).UTC()
}

// created formats an observed timestamp as event.created, or "" when there is none.
func (st *batchState) created(ts pcommon.Timestamp) string {
	if ts == 0 {
		return ""
	}
	if ts != st.observed {
		st.observed = ts
		var buf [len(timestampLayout) + 8]byte
		st.observedStr = string(time.Unix(0, int64(ts)).UTC().AppendFormat(buf[:0], timestampLayout))
	}
	return st.observedStr
}

const nanosPerDay = int64(24 * time.Hour)

// indexFor returns <prefix>-YYYY.MM.DD for t's UTC day, reusing the last name.
func (st *batchState) indexFor(prefix string, t time.Time) string {
	ns := t.UnixNano()
	day := ns / nanosPerDay
	if ns < 0 && ns%nanosPerDay != 0 {
		day--
	}
	if day != st.day {
		st.day = day
		st.index = prefix + "-" + t.Format("2006.01.02")
	}
	return st.index
}

// excluder matches attribute keys against exact names and '*' prefixes.
type excluder struct {
	exact    map[string]struct{}
	prefixes []string
}

func newExcluder(patterns []string) excluder {
	e := excluder{exact: map[string]struct{}{}}
	for _, p := range patterns {
		if prefix, ok := strings.CutSuffix(p, "*"); ok {
			e.prefixes = append(e.prefixes, prefix)
			continue
		}
		e.exact[p] = struct{}{}
	}
	return e
}

func (e *excluder) any() bool { return len(e.exact) > 0 || len(e.prefixes) > 0 }

func (e *excluder) match(k string, _ pcommon.Value) bool {
	if _, ok := e.exact[k]; ok {
		return true
	}
	for _, p := range e.prefixes {
		if strings.HasPrefix(k, p) {
			return true
		}
	}
	return false
}
