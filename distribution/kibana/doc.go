// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package kibana holds the Kibana 8.x saved objects of otelcol-flows (a data view for flows-*
// and the overview, geography and conversations dashboards, in otelcol-flows.ndjson), which
// scripts/kibana-setup.sh imports, and reads which document fields their panels use, so that
// tests can check them against the index template and against real documents.
package kibana // import "github.com/otelcol-flows/otelcol-flows/distribution/kibana"
