// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package kibanaobjects reads Kibana saved objects (NDJSON, as distribution/kibana ships them)
// and the document fields their panels use, including those inside the JSON strings Kibana
// nests in attributes, so that tests can check them against the index template
// (distribution/kibana) and against real documents (test/e2e).
package kibanaobjects // import "github.com/otelcol-flows/otelcol-flows/internal/kibanaobjects"
