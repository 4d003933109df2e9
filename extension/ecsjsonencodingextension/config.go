// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ecsjsonencodingextension // import "github.com/otelcol-flows/otelcol-flows/extension/ecsjsonencodingextension"

// Config of the ecs_json_encoding extension.
type Config struct {
	// BulkAction writes an Elasticsearch _bulk action line before each
	// document: {"create":{"_index":...,"_id":...}} from the record's
	// elasticsearch.index and elasticsearch.document_id attributes, so the
	// file can be posted to _bulk as it is. Off, every line is a document.
	BulkAction bool `mapstructure:"bulk_action"`
	// prevent unkeyed literal initialization
	_ struct{}
}
