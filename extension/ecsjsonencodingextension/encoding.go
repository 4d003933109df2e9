// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ecsjsonencodingextension // import "github.com/otelcol-flows/otelcol-flows/extension/ecsjsonencodingextension"

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/elastic/go-structform"
	"github.com/elastic/go-structform/json"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
)

// Attributes the ecsdocument processor leaves for routing.
const (
	attrIndex      = "elasticsearch.index"
	attrDocumentID = "elasticsearch.document_id"
)

// ErrNotADocument is returned for a record whose body is not a map: the
// pipeline lacks the ecsdocument processor, which makes the documents.
var ErrNotADocument = errors.New("log record body is not an ECS document (a map): put the ecsdocument processor last in the pipeline")

type ecsJSONEncoding struct {
	component.StartFunc
	component.ShutdownFunc
	cfg *Config
}

var _ plog.Marshaler = (*ecsJSONEncoding)(nil)

// MarshalLogs returns the documents separated by newlines, without a final
// one: the file exporter ends each write with a newline.
func (e *ecsJSONEncoding) MarshalLogs(ld plog.Logs) ([]byte, error) {
	var buf bytes.Buffer
	v := newVisitor(&buf)
	first := true
	for _, rl := range ld.ResourceLogs().All() {
		for _, sl := range rl.ScopeLogs().All() {
			for _, lr := range sl.LogRecords().All() {
				body := lr.Body()
				if body.Type() != pcommon.ValueTypeMap {
					return nil, fmt.Errorf("%w (body type %s)", ErrNotADocument, body.Type())
				}
				if !first {
					buf.WriteByte('\n')
				}
				first = false
				if e.cfg.BulkAction {
					writeBulkAction(v, &buf, lr.Attributes())
				}
				writeMap(v, body.Map())
			}
		}
	}
	return buf.Bytes(), nil
}

// newVisitor serialises as the elasticsearch exporter (v0.156.0,
// internal/serializer) does in bodymap mode: go-structform with an explicit
// radix point, so 1.0 stays 1.0 and Elasticsearch maps the field as a float.
// Unlike the exporter, NaN and infinities become null rather than break the
// line: a file must stay valid JSON.
func newVisitor(buf *bytes.Buffer) *json.Visitor {
	v := json.NewVisitor(buf)
	v.SetExplicitRadixPoint(true)
	v.SetIgnoreInvalidFloat(true)
	return v
}

// writeBulkAction writes {"create":{"_index":...,"_id":...}} and a newline.
// create, not index: with the document id of the ecsdocument processor a
// document loaded twice is refused as a conflict, as on the exporter's path.
func writeBulkAction(v *json.Visitor, buf *bytes.Buffer, attrs pcommon.Map) {
	_ = v.OnObjectStart(1, structform.AnyType)
	_ = v.OnKey("create")
	_ = v.OnObjectStart(-1, structform.AnyType)
	for _, key := range [...]struct{ attr, field string }{{attrIndex, "_index"}, {attrDocumentID, "_id"}} {
		if val, ok := attrs.Get(key.attr); ok && val.Type() == pcommon.ValueTypeStr {
			_ = v.OnKey(key.field)
			_ = v.OnString(val.Str())
		}
	}
	_ = v.OnObjectFinished()
	_ = v.OnObjectFinished()
	buf.WriteByte('\n')
}

func writeMap(v *json.Visitor, m pcommon.Map) {
	_ = v.OnObjectStart(-1, structform.AnyType)
	for k, val := range m.All() {
		_ = v.OnKey(k)
		writeValue(v, val)
	}
	_ = v.OnObjectFinished()
}

// writeValue maps types as the exporter does: bytes as hex, empty as null.
func writeValue(v *json.Visitor, val pcommon.Value) {
	switch val.Type() {
	case pcommon.ValueTypeEmpty:
		_ = v.OnNil()
	case pcommon.ValueTypeStr:
		_ = v.OnString(val.Str())
	case pcommon.ValueTypeBool:
		_ = v.OnBool(val.Bool())
	case pcommon.ValueTypeDouble:
		_ = v.OnFloat64(val.Double())
	case pcommon.ValueTypeInt:
		_ = v.OnInt64(val.Int())
	case pcommon.ValueTypeBytes:
		_ = v.OnString(hex.EncodeToString(val.Bytes().AsRaw()))
	case pcommon.ValueTypeMap:
		writeMap(v, val.Map())
	case pcommon.ValueTypeSlice:
		_ = v.OnArrayStart(-1, structform.AnyType)
		for _, item := range val.Slice().All() {
			writeValue(v, item)
		}
		_ = v.OnArrayFinished()
	}
}
