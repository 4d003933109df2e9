// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package ecsjsonencodingextension writes flow documents as JSON lines: each
// log record's body, the ECS document the ecsdocument processor shaped, on a
// line of its own, serialised the way the elasticsearch exporter serialises
// it in bodymap mode. With the file exporter's encoding setting the output
// is what people expect of a flow log: one flow per line that jq reads, and
// that Elasticsearch's _bulk API loads (with bulk_action).
package ecsjsonencodingextension // import "github.com/otelcol-flows/otelcol-flows/extension/ecsjsonencodingextension"

//go:generate go tool -modfile=../../tools/go.mod mdatagen metadata.yaml
