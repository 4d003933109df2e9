// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package ecsdocumentprocessor is the last step of an Elasticsearch pipeline:
// it turns each flow log record into the ECS document it describes, as the
// record's body (a map), and leaves in the attributes only what routes the
// document: elasticsearch.index, a daily index dated by the flow's own time,
// and optionally elasticsearch.document_id. The elasticsearch exporter, in
// bodymap mapping mode (which this processor selects through the scope
// attribute elastic.mapping.mode), writes the body as the document and keeps
// the routing attributes out of _source. Everything Elasticsearch-specific
// stays here, out of the receiver and the enrichment processors.
package ecsdocumentprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/ecsdocumentprocessor"

//go:generate go tool -modfile=../../tools/go.mod mdatagen metadata.yaml
