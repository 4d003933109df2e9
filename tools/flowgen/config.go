// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"time"

	"github.com/otelcol-flows/otelcol-flows/tools/flowgen/internal/flowenc"
)

type config struct {
	target          netip.AddrPort
	version         flowenc.Version
	exporters       int
	sourceBase      netip.Addr
	domainBase      uint
	senders         int
	rate            float64
	duration        time.Duration
	count           uint64
	seed            uint64
	mix             *flowenc.Mix
	templateRefresh int
	maxPacket       int
	burst           time.Duration
	flush           time.Duration
	hosts           int
	templateLead    time.Duration
}

func parseFlags(fs *flag.FlagSet, args []string) (config, error) {
	var c config
	target := fs.String("target", "127.0.0.1:2055", "collector address (loopback)")
	proto := fs.String("proto", "ipfix", "ipfix or v9")
	source := fs.String("source-base", "127.0.0.2", "source address of the first exporter; exporter i uses this + i")
	mix := fs.String("mix", "", "template weights name=w,... (default: ipfix "+flowenc.DefaultMix(true)+"; v9 "+flowenc.DefaultMix(false)+")")
	fs.IntVar(&c.exporters, "exporters", 1, "number of exporter identities (source addresses)")
	fs.UintVar(&c.domainBase, "domain-base", 1, "observation domain / source ID of the first exporter")
	fs.IntVar(&c.senders, "senders", 1, "sending goroutines; exporters are shared out among them")
	fs.Float64Var(&c.rate, "rate", 0, "flows per second over all exporters; 0 sends as fast as possible")
	fs.DurationVar(&c.duration, "duration", 10*time.Second, "how long to send; 0 with -count sends until the count")
	fs.Uint64Var(&c.count, "count", 0, "flows to send; 0 means until -duration")
	fs.Uint64Var(&c.seed, "seed", 1, "random seed; the same seed sends the same flows")
	fs.IntVar(&c.templateRefresh, "template-refresh", 20, "data packets between template retransmissions per exporter")
	fs.IntVar(&c.maxPacket, "max-packet", 1400, "largest UDP payload in bytes")
	fs.DurationVar(&c.burst, "burst", time.Millisecond, "pacing interval: flows due are sent in one burst per interval")
	fs.DurationVar(&c.flush, "flush", 100*time.Millisecond, "longest wait for a full packet at low rates, like an exporter's export timeout")
	fs.DurationVar(&c.templateLead, "template-lead", 0, "send every exporter's templates this long before its first data packet (a collector decoding on several workers may otherwise see data before its template, as after an exporter restart)")
	fs.IntVar(&c.hosts, "hosts", 5000, "distinct remote addresses per exporter and family; 0: every flow a new source and destination address (a scan, a DDoS)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	var errs []error
	var err error
	if c.target, err = netip.ParseAddrPort(*target); err != nil {
		errs = append(errs, fmt.Errorf("-target: %w", err))
	}
	if c.sourceBase, err = netip.ParseAddr(*source); err != nil || !c.sourceBase.Is4() {
		errs = append(errs, fmt.Errorf("-source-base %q: want an IPv4 address", *source))
	}
	switch *proto {
	case "ipfix":
		c.version = flowenc.IPFIX
	case "v9":
		c.version = flowenc.NetFlowV9
	default:
		errs = append(errs, fmt.Errorf("-proto %q: want ipfix or v9", *proto))
	}
	if *mix == "" {
		*mix = flowenc.DefaultMix(c.version == flowenc.IPFIX)
	}
	if c.mix, err = flowenc.ParseMix(*mix, c.version == flowenc.IPFIX); err != nil {
		errs = append(errs, fmt.Errorf("-mix: %w", err))
	}
	errs = append(errs, c.validateNumbers())
	return c, errors.Join(errs...)
}

func (c *config) validateNumbers() error {
	var errs []error
	if c.exporters < 1 || c.exporters > 250 {
		errs = append(errs, errors.New("-exporters must be 1..250"))
	}
	if c.senders < 1 || c.senders > c.exporters {
		errs = append(errs, errors.New("-senders must be 1..exporters"))
	}
	if c.rate < 0 {
		errs = append(errs, errors.New("-rate must not be negative"))
	}
	if c.duration <= 0 && c.count == 0 {
		errs = append(errs, errors.New("one of -duration or -count must be positive"))
	}
	if c.burst <= 0 || c.flush <= 0 {
		errs = append(errs, errors.New("-burst and -flush must be positive"))
	}
	return errors.Join(errs...)
}
