// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"encoding/hex"
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// applicationId (95, RFC 6759): one octet of classification engine ID, then the selector ID
// in the remaining octets. NBAR2 and nProbe export the names of the IDs they use as options
// data (applicationName 96, applicationDescription 94); flows carry only the ID.
const (
	kAppID   = kMPLS0 + mplsSections
	kAppName = kAppID + 1
	kAppDesc = kAppID + 2

	maxApplications = 8192 // per exporter, so options data cannot grow memory without limit
)

// appID is an applicationId as a map key: engine in the top octet, selector below.
type appID uint64

// application is the record's applicationId and, in options records, its name.
type application struct {
	id         appID
	engine     uint8
	selector   uint64
	has        bool
	name, desc string
}

type appNames struct{ name, desc string }

func applicationKind(pen uint32, id uint16) (kind, bool) {
	if pen != 0 {
		return 0, false
	}
	switch id {
	case 95:
		return kAppID, true
	case 96:
		return kAppName, true
	case 94:
		return kAppDesc, true
	}
	return 0, false
}

// applyApplication converts the three application elements: the ID is still written as the
// hex of its octets (as before), the name and description as text.
func (c *decodeCall) applyApplication(op *fieldOp, b []byte, attrs pcommon.Map) {
	a := &c.flow.app
	switch op.kind {
	case kAppID:
		if op.emit {
			attrs.PutStr(op.key, hex.EncodeToString(b))
		}
		// Selectors over 7 octets (some engines use strings) have no numeric form.
		if len(b) < 2 || len(b) > 8 {
			return
		}
		a.engine, a.selector, a.has = b[0], beUint(b[1:]), true
		a.id = appID(a.engine)<<56 | appID(a.selector)
	case kAppName, kAppDesc:
		s := textString(b)
		if op.emit {
			attrs.PutStr(op.key, s)
		}
		if op.kind == kAppName {
			a.name = s
		} else {
			a.desc = s
		}
	}
}

// learnApplication keeps the name options data gives an applicationId.
func (e *exporter) learnApplication(f *flow) bool {
	a := &f.app
	if !a.has || (a.name == "" && a.desc == "") {
		return false
	}
	if e.apps == nil {
		e.apps = make(map[appID]appNames)
	}
	v := appNames{a.name, a.desc}
	old, ok := e.apps[a.id]
	if (ok && old == v) || (!ok && len(e.apps) >= maxApplications) {
		return false
	}
	e.apps[a.id] = v
	return true
}

// putApplication writes the flow's classification engine and selector, and the name the
// exporter's options data gave them (network.application lower-cased, as ECS asks).
func (c *decodeCall) putApplication(m *message, attrs pcommon.Map) {
	a := &c.flow.app
	if !a.has {
		return
	}
	attrs.PutInt("netflow.application_engine_id", int64(a.engine))
	attrs.PutInt("netflow.application_selector_id", int64(a.selector))
	names, ok := m.exp.apps[a.id]
	if !ok {
		return
	}
	if names.name != "" {
		if _, sent := attrs.Get("netflow.application_name"); !sent {
			attrs.PutStr("netflow.application_name", names.name)
		}
		attrs.PutStr("network.application", strings.ToLower(names.name))
	}
	if names.desc != "" {
		if _, sent := attrs.Get("netflow.application_description"); !sent {
			attrs.PutStr("netflow.application_description", names.desc)
		}
	}
}
