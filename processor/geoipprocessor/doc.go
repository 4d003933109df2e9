// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

//go:generate go tool -modfile=../../tools/go.mod mdatagen metadata.yaml

// Package geoipprocessor adds where an address is (ECS geo.* fields, with
// geo.location as a {lat, lon} map that Elasticsearch maps as geo_point) and
// who routes it (as.number, as.organization.name) to each flow record, for
// the source and destination address, from MaxMind DB files. Files replaced
// by geoipupdate are picked up without a restart.
package geoipprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor"
