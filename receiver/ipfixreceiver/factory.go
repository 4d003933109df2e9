// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver // import "github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver"

import (
	"context"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/receiver"

	"github.com/otelcol-flows/otelcol-flows/internal/udpingest"
	"github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver/internal/metadata"
)

// NewFactory returns the factory of the ipfix receiver.
func NewFactory() receiver.Factory {
	return receiver.NewFactory(metadata.Type, createDefaultConfig,
		receiver.WithLogs(createLogs, metadata.LogsStability))
}

func createDefaultConfig() component.Config {
	return &Config{
		Config:           udpingest.DefaultConfig("0.0.0.0:4739"),
		ExporterIdentity: IdentityTransportSession,
		Limits: LimitsConfig{
			MaxExporters:            1024,
			MaxExportersPerAddress:  64,
			MaxTemplatesPerExporter: 64,
			MaxFieldsPerTemplate:    128,
			TemplateTimeout:         time.Hour,
			Pending: PendingConfig{
				MaxRecords: 1000,
				MaxBytes:   64 << 10,
				MaxAge:     2 * time.Minute,
			},
		},
		ScaleBySampling: false,
		Interfaces:      InterfacesConfig{ReloadInterval: 30 * time.Second},
		NetflowCopies:   false,
	}
}

func createLogs(_ context.Context, set receiver.Settings, cfg component.Config, next consumer.Logs) (receiver.Logs, error) {
	return newReceiver(set, cfg.(*Config), next)
}
