// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGeneratedTableIsCurrent fails when the CSV or the generator changed
// without `go generate` being run.
func TestGeneratedTableIsCurrent(t *testing.T) {
	src, err := os.Open("../names/protocol-numbers.csv")
	require.NoError(t, err)
	defer src.Close()
	var got bytes.Buffer
	notes, err := generate(src, &got)
	require.NoError(t, err)
	assert.Equal(t, []string{`84 listed again as "IPTM"; kept "TTP"`}, notes)
	want, err := os.ReadFile("../names/zz_protocols.go")
	require.NoError(t, err)
	assert.Equal(t, string(want), got.String(), "run go generate ./processor/protocolnameprocessor/...")
}

func TestKeyword(t *testing.T) {
	tests := map[string]string{
		"TCP":                "TCP",
		" IPv6-ICMP ":        "IPv6-ICMP",
		"ARGUS (deprecated)": "ARGUS",
		"ISIS over IPv4":     "ISIS-over-IPv4",
		"":                   "",
		"Unassigned":         "",
		"Reserved":           "",
	}
	for in, want := range tests {
		assert.Equal(t, want, keyword(in), in)
	}
}

// The live IANA file folds unassigned numbers into a range row and adds a
// References column; both must parse.
func TestParseRegistryLiveLayout(t *testing.T) {
	csv := "Decimal,Keyword,Protocol,IPv6 Extension Header,Reference\r\n" +
		"6,TCP,Transmission Control,,[RFC9293]\r\n" +
		"146-252,,Unassigned,,[Internet_Assigned_Numbers_Authority]\r\n" +
		"253,,Use for experimentation and testing,Y,[RFC3692]\r\n"
	reg, notes, err := parseRegistry(strings.NewReader(csv))
	require.NoError(t, err)
	assert.Empty(t, notes)
	assert.Equal(t, "TCP", reg[6])
	assert.Equal(t, "", reg[200])
}

func TestParseRegistryErrors(t *testing.T) {
	for _, tc := range []struct{ name, in string }{
		{name: "header", in: "Number,Name\n6,TCP\n"},
		{name: "number", in: "Decimal,Keyword\nsix,TCP\n"},
		{name: "range", in: "Decimal,Keyword\n300,X\n"},
		{name: "reversed", in: "Decimal,Keyword\n20-10,X\n"},
		{name: "short", in: "Decimal,Keyword\n6\n"},
	} {
		_, _, err := parseRegistry(strings.NewReader(tc.in))
		assert.True(t, errors.Is(err, errBadRow), "%s: %v", tc.name, err)
	}
}
