// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
)

// decodeRecords decodes every record of a data set body with template t. Trailing bytes too
// short for a record are padding (RFC 7011 section 3.3.1, RFC 3954 section 5.3).
func (c *decodeCall) decodeRecords(m *message, t *template, body []byte) error {
	if t.minLen == 0 {
		// A template whose fields are all zero-length describes no bytes: nothing to iterate.
		return nil
	}
	recs := c.out.records(resourceKey{exporter: m.exporterAddr, version: m.version, domain: m.domain})
	for len(body) >= t.minLen {
		n := recordLen(t, body)
		if n < 0 {
			if allZero(body) {
				return nil
			}
			return c.drop(newErr(m.version, m.domain, t.id, ErrTruncated, "variable-length field past end of set"))
		}
		c.decodeRecord(m, t, body[:n], recs.AppendEmpty())
		c.st.Records++
		c.out.n++
		body = body[n:]
	}
	return nil
}

// decodeRecord fills lr from one record: the plan's netflow.* attributes, then the ECS view.
func (c *decodeCall) decodeRecord(m *message, t *template, rec []byte, lr plog.LogRecord) {
	attrs := lr.Attributes()
	// Pre-size the map: the first record of a template gets an upper bound, later ones the
	// largest count seen, so the attribute slice is allocated once and not oversized.
	if !t.sized {
		attrs.EnsureCapacity(t.attrs + ecsAttrs)
	} else {
		attrs.EnsureCapacity(t.attrs)
	}
	c.flow.reset()
	c.walk(t, rec, attrs)
	if t.options {
		c.finishOptions(m, lr, attrs)
	} else {
		c.finishFlow(m, lr, attrs)
	}
	if n := attrs.Len(); !t.sized || n > t.attrs {
		t.attrs, t.sized = n, true
	}
}

// finishOptions turns an options record into a log record and keeps what it says about
// sampling, interface names and uptime for the exporter's data records.
func (c *decodeCall) finishOptions(m *message, lr plog.LogRecord, attrs pcommon.Map) {
	lr.SetTimestamp(pcommon.Timestamp(m.exportNs))
	lr.SetObservedTimestamp(m.received)
	attrs.PutStr("event.kind", "event")
	attrs.PutStr("event.action", "netflow_options")
	attrs.PutStr("netflow.type", "netflow_options")
	c.putExporter(m, attrs)
	if m.exp.learnOptions(&c.flow) {
		m.optionsChanged = true
	}
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}
