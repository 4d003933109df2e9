// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package elasticsearch

import "net"

func newLoopbackListener() (net.Listener, error) { return net.Listen("tcp", "127.0.0.1:0") }
