// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package elasticsearch holds the Elasticsearch side of otelcol-flows: the
// composable index template for the flow indices, its component templates
// and the ILM policy, installed by scripts/es-setup.sh. The Go code only
// generates component-netflow.json and tests the set against estest.
package elasticsearch // import "github.com/otelcol-flows/otelcol-flows/distribution/elasticsearch"

//go:generate go run ./gen
