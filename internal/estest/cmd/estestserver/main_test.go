// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunServesAndStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-skip-validation"}, pw) }()
	url, err := bufio.NewReader(pr).ReadString('\n')
	require.NoError(t, err)
	url = strings.TrimSpace(url)

	resp, err := http.Post(url+"/_bulk", "application/json", strings.NewReader("{\"create\":{\"_index\":\"x\"}}\n{}\n"))
	require.NoError(t, err)
	resp.Body.Close()
	resp, err = http.Get(url + "/_estest/counts")
	require.NoError(t, err)
	var counts struct {
		Created int            `json:"created"`
		Docs    map[string]int `json:"docs"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&counts))
	resp.Body.Close()
	assert.Equal(t, 1, counts.Created)
	assert.Equal(t, map[string]int{"x": 1}, counts.Docs)

	cancel()
	require.NoError(t, <-done)
}

func TestRunRejectsANonLoopbackAddress(t *testing.T) {
	err := run(context.Background(), []string{"-addr", "0.0.0.0:0"}, io.Discard)
	assert.Error(t, err)
}
