// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ecsjsonencodingextension

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/golden"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/extension/extensiontest"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otelcol-flows/otelcol-flows/extension/ecsjsonencodingextension/internal/metadata"
	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*/expected.jsonl from the current output")

func newEncoding(t *testing.T, cfg *Config) plog.Marshaler {
	t.Helper()
	ext, err := NewFactory().Create(context.Background(), extensiontest.NewNopSettings(metadata.Type), cfg)
	require.NoError(t, err)
	require.NoError(t, ext.Start(context.Background(), componenttest.NewNopHost()))
	t.Cleanup(func() { require.NoError(t, ext.Shutdown(context.Background())) })
	return ext.(plog.Marshaler)
}

// The input is the ecsdocument processor's golden output for a flow, twice,
// so both the document and the line separation are checked.
func TestGolden(t *testing.T) {
	ld, err := golden.ReadLogs(filepath.Join("..", "..", "processor", "ecsdocumentprocessor", testutil.GoldenDir("flow"), "expected.yaml"))
	require.NoError(t, err)
	lrs := ld.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords()
	lrs.At(0).CopyTo(lrs.AppendEmpty())
	for name, cfg := range map[string]*Config{"flow": {}, "flow_bulk": {BulkAction: true}} {
		t.Run(name, func(t *testing.T) {
			got, err := newEncoding(t, cfg).MarshalLogs(ld)
			require.NoError(t, err)
			path := filepath.Join(testutil.GoldenDir(name), "expected.jsonl")
			if *update {
				require.NoError(t, os.WriteFile(path, append(got, '\n'), 0o600))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, string(bytes.TrimSuffix(want, []byte("\n"))), string(got))
			lines := bytes.Split(got, []byte("\n"))
			assert.Len(t, lines, map[bool]int{false: 2, true: 4}[cfg.BulkAction])
			for _, line := range lines {
				assert.True(t, json.Valid(line), "%s", line)
			}
		})
	}
}

func TestValuesAsTheExporterWritesThem(t *testing.T) {
	ld := plog.NewLogs()
	doc := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords().AppendEmpty().Body().SetEmptyMap()
	doc.PutDouble("whole", 1)
	doc.PutDouble("nan", math.NaN())
	doc.PutEmptyBytes("bytes").FromRaw([]byte{0xde, 0xad})
	doc.PutEmpty("empty")
	doc.PutStr("quote", `a"b<`)
	got, err := newEncoding(t, &Config{}).MarshalLogs(ld)
	require.NoError(t, err)
	assert.JSONEq(t, `{"whole":1.0,"nan":null,"bytes":"dead","empty":null,"quote":"a\"b<"}`, string(got))
	assert.Contains(t, string(got), `"whole":1.0`, "a float stays a float for Elasticsearch's dynamic mapping")
}

func TestRecordWithoutDocumentIsAnError(t *testing.T) {
	ld := plog.NewLogs()
	ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords().AppendEmpty().Body().SetStr("not shaped")
	_, err := newEncoding(t, &Config{}).MarshalLogs(ld)
	require.ErrorIs(t, err, ErrNotADocument)
	assert.ErrorContains(t, err, "ecsdocument processor")
}

func TestLoadConfig(t *testing.T) {
	for id, want := range map[component.ID]*Config{component.NewID(metadata.Type): {}, component.NewIDWithName(metadata.Type, "bulk"): {BulkAction: true}} {
		cfg := createDefaultConfig().(*Config)
		require.NoError(t, testutil.UnmarshalConfig(t, id, cfg))
		assert.Equal(t, want, cfg, id)
	}
}
