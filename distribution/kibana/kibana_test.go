// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package kibana

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	ko "github.com/otelcol-flows/otelcol-flows/internal/kibanaobjects"
)

const shipped = "otelcol-flows.ndjson"

func templateTypes(t *testing.T) map[string]string {
	t.Helper()
	dir := filepath.Join("..", "elasticsearch")
	types, err := ko.TemplateFieldTypes(filepath.Join(dir, "component-ecs.json"), filepath.Join(dir, "component-netflow.json"))
	require.NoError(t, err)
	require.Equal(t, "geo_point", types["source.geo.location"])
	return types
}

// TestPanelsUseOnlyTemplateFields: every field reference of every shipped saved object
// (visState aggregations, searchSourceJSON filters, map layers, search columns, the data
// view's time field) is mapped by the template with a type that can do what the panel asks.
func TestPanelsUseOnlyTemplateFields(t *testing.T) {
	objs, err := ko.ReadObjects(shipped)
	require.NoError(t, err)
	refs, err := ko.FieldRefs(objs)
	require.NoError(t, err)
	require.Greater(t, len(refs), 40)
	for _, e := range ko.CheckRefs(refs, templateTypes(t)) {
		t.Error(e)
	}
}

// TestBrokenPanelsAreCaught: a fixture with a field the template lacks, a sum over a
// keyword and a map on an ip field fails the check, one error each.
func TestBrokenPanelsAreCaught(t *testing.T) {
	objs, err := ko.ReadObjects(filepath.Join("testdata", "broken.ndjson"))
	require.NoError(t, err)
	refs, err := ko.FieldRefs(objs)
	require.NoError(t, err)
	errs := ko.CheckRefs(refs, templateTypes(t))
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, e.Error())
	}
	require.Len(t, errs, 3, msgs)
	assert.Contains(t, msgs[0], "netflow.ipv4_src_addr is not in the index template")
	assert.Contains(t, msgs[1], "network.transport is keyword, which cannot do metric")
	assert.Contains(t, msgs[2], "source.ip is ip, which cannot do geo")
}

// TestEveryReferenceResolves: dashboards and panels point at objects the file holds.
func TestEveryReferenceResolves(t *testing.T) {
	objs, err := ko.ReadObjects(shipped)
	require.NoError(t, err)
	have := map[string]bool{}
	titles := map[string]int{}
	for _, o := range objs {
		have[o.Type+"/"+o.ID] = true
	}
	for _, o := range objs {
		for _, r := range o.References {
			assert.True(t, have[r.Type+"/"+r.ID], "%s/%s refers to missing %s/%s", o.Type, o.ID, r.Type, r.ID)
		}
		title, err := o.Title()
		require.NoError(t, err)
		titles[title]++
	}
	for title, n := range titles {
		assert.Equal(t, 1, n, "title %q used %d times", title, n)
	}
	for _, d := range []string{"dashboard/otelcol-flows-overview", "dashboard/otelcol-flows-geography", "dashboard/otelcol-flows-conversations", "index-pattern/otelcol-flows", "map/otelcol-flows-map", "search/otelcol-flows-raw-flows"} {
		assert.True(t, have[d], d)
	}
}
