// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package otlpsink

import (
	"errors"
	"fmt"

	"google.golang.org/grpc/mem"
	"google.golang.org/protobuf/encoding/protowire"
)

// exportRequest carries the record count of a request decoded by rawCodec.
type exportRequest struct{ records int64 }

// rawCodec counts records while gRPC still owns the message buffer, and
// answers with an empty message.
type rawCodec struct{}

func (rawCodec) Name() string { return "proto" }

func (rawCodec) Marshal(any) (mem.BufferSlice, error) { return mem.BufferSlice{}, nil }

func (rawCodec) Unmarshal(data mem.BufferSlice, v any) error {
	req, ok := v.(*exportRequest)
	if !ok {
		return fmt.Errorf("unexpected message type %T", v)
	}
	buf := data.MaterializeToBuffer(mem.DefaultBufferPool())
	defer buf.Free()
	n, err := countLogRecords(buf.ReadOnlyData())
	req.records = n
	return err
}

// Field numbers of opentelemetry/proto/{collector/logs,logs}/v1.
const (
	requestResourceLogs = 1 // ExportLogsServiceRequest.resource_logs
	resourceScopeLogs   = 2 // ResourceLogs.scope_logs
	scopeLogRecords     = 2 // ScopeLogs.log_records
)

var errMalformed = errors.New("malformed protobuf")

// countLogRecords counts the log_records of every scope_logs of every
// resource_logs without decoding the records themselves.
func countLogRecords(b []byte) (int64, error) {
	var n int64
	err := eachMessage(b, requestResourceLogs, func(rl []byte) error {
		return eachMessage(rl, resourceScopeLogs, func(sl []byte) error {
			return eachMessage(sl, scopeLogRecords, func([]byte) error { n++; return nil })
		})
	})
	return n, err
}

// eachMessage calls fn with the bytes of every length-delimited field num
// in b, skipping the other fields.
func eachMessage(b []byte, num protowire.Number, fn func([]byte) error) error {
	for len(b) > 0 {
		fieldNum, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return errMalformed
		}
		b = b[n:]
		if fieldNum == num && typ == protowire.BytesType {
			v, m := protowire.ConsumeBytes(b)
			if m < 0 {
				return errMalformed
			}
			if err := fn(v); err != nil {
				return err
			}
			b = b[m:]
			continue
		}
		m := protowire.ConsumeFieldValue(fieldNum, typ, b)
		if m < 0 {
			return errMalformed
		}
		b = b[m:]
	}
	return nil
}
